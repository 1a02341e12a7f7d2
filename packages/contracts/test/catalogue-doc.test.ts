import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderEventCatalogue } from '../src';

describe('docs/events.md', () => {
  it('matches the event schemas (regenerate with npm run docs:events)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');
    expect(committed).toBe(renderEventCatalogue());
  });
});
