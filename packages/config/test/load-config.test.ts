import { z } from 'zod';
import { env, loadConfig } from '../src';

const schema = z.object({ PORT: env.port(3000), DATABASE_URL: env.url(), FLAG: env.boolean(false) });

describe('loadConfig', () => {
  it('applies defaults and coerces values', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://x/y', FLAG: '1' })).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://x/y',
      FLAG: true,
    });
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig(schema, { PORT: 'abc' })).toThrow(/PORT:[\s\S]*DATABASE_URL:/);
  });
});
