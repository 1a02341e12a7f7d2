import { readConfig } from '../src/config';

describe('the transmissions configuration', () => {
  it('has working development defaults', () => {
    expect(readConfig({})).toMatchObject({ PORT: 3002, BATCH_INTERVAL_DAYS: 14, BATCH_TIME: '09:00' });
  });

  it.each([
    [{ DATABASE_POOL_SIZE: '2' }, /DATABASE_POOL_SIZE: must be at least 3/],
    [{ MOFCOM_DISPATCH_TO: 'set-by-the-overlay' }, /MOFCOM_DISPATCH_TO/],
    [{ BATCH_TIME: '9am' }, /BATCH_TIME: must be a time HH:MM/],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
