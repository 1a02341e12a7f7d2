import { eventSchemas, eventSubscriptions } from '../src';

describe('eventSubscriptions', () => {
  it('gives every event of the catalogue at least one queue, so none is ever unroutable', () => {
    const subscribed = new Set(Object.values(eventSubscriptions).flat());
    const orphans = Object.keys(eventSchemas).filter((type) => !subscribed.has(type as never));
    expect(orphans).toEqual([]);
  });
});
