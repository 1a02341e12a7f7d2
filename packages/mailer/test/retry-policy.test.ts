import { retryDelay } from '../src';
import { classifySendFailure } from '../src/smtp-failure';

describe('retryDelay', () => {
  const policy = { initialDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5 };

  it('doubles from the initial wait', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, policy, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('spreads waits by at most 20 % either way', () => {
    expect(retryDelay(1, policy, () => 0)).toBe(800);
    expect(retryDelay(1, policy, () => 0.999999)).toBe(1_200);
  });

  it('never exceeds the cap, jitter included', () => {
    for (const attempts of [7, 10, 50, 1_000]) {
      expect(retryDelay(attempts, policy, () => 0.999999)).toBeLessThanOrEqual(60_000);
    }
  });
});

describe('classifySendFailure', () => {
  it.each([
    [{ code: 'EMESSAGE', responseCode: 550, message: 'No such user' }, 'refused'],
    [{ code: 'EENVELOPE', responseCode: 553, message: 'Bad recipient' }, 'refused'],
    [{ code: 'EMESSAGE', responseCode: 451, message: 'Try again later' }, 'deferred'],
    [{ code: 'EENVELOPE', responseCode: 452, message: 'Mailbox full' }, 'deferred'],
    [{ code: 'EMESSAGE', responseCode: 421, message: 'Closing' }, 'unavailable'],
    [{ code: 'EAUTH', responseCode: 535, message: 'Authentication failed' }, 'unavailable'],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, 'unavailable'],
    [{ code: 'ETIMEDOUT', message: 'Greeting never received' }, 'unavailable'],
    [{ code: 'EENVELOPE', command: 'API', message: 'No recipients defined' }, 'refused'],
    [{ code: 'EMESSAGE', command: 'MAIL FROM', message: 'Message size larger than allowed 1000' }, 'refused'],
    [new Error('something unknown'), 'unavailable'],
  ])('%j is %s', (error, kind) => {
    expect(classifySendFailure(error).kind).toBe(kind);
  });
});
