import { readSubmissionTime, submissionTimeViolation } from './submission-time';

const at = (cell: Parameters<typeof readSubmissionTime>[0]) => {
  const read = readSubmissionTime(cell);
  return 'at' in read ? read.at.toISOString() : read.error;
};

describe('readSubmissionTime', () => {
  it.each([
    ['2025-06-03 09:14:22', '2025-06-03T07:14:22.000Z'], // summer time, UTC+2
    ['2025-06-03T09:14', '2025-06-03T07:14:00.000Z'],
    ['03/06/2025 09:14:22', '2025-06-03T07:14:22.000Z'],
    ['2025-10-26 01:30:00', '2025-10-25T23:30:00.000Z'], // the night summer time ends: still UTC+2
    ['2025-10-27 09:00', '2025-10-27T08:00:00.000Z'], // winter time, UTC+1
    ['2025-06-03T09:14:22Z', '2025-06-03T09:14:22.000Z'],
    ['2025-06-03T09:14:22+01:00', '2025-06-03T08:14:22.000Z'],
  ])('reads %s as Brussels time unless it names its offset', (text, instant) => {
    expect(at(text)).toBe(instant);
  });

  it('reads an XLSX date cell as the time it shows, in Brussels', () => {
    expect(at(new Date('2025-07-09T10:47:13Z'))).toBe('2025-07-09T08:47:13.000Z');
  });

  it.each(['', '2025-06-31 10:00', '2025-06-03', 'yesterday', '2025-06-03 25:00'])('refuses %p', (text) => {
    expect(at(text)).toMatch(/is required|must be the survey submission time/);
  });
});

describe('submissionTimeViolation', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('accepts the survey period in Brussels time, from 1 June to 10 October 2025', () => {
    expect(submissionTimeViolation(new Date('2025-05-31T22:30:00Z'), now)).toBeUndefined(); // 00:30 on 1 June
    expect(submissionTimeViolation(new Date('2025-10-10T21:59:59Z'), now)).toBeUndefined(); // 23:59:59 on 10 October
  });
  it('refuses a time outside it, or in the future', () => {
    expect(submissionTimeViolation(new Date('2025-05-31T21:59:59Z'), now)).toMatch(
      /within the EU Survey's period/,
    );
    expect(submissionTimeViolation(new Date('2025-10-10T22:00:00Z'), now)).toMatch(
      /within the EU Survey's period/,
    );
    expect(submissionTimeViolation(new Date('2025-07-01T00:00:00Z'), new Date('2025-06-30T00:00:00Z'))).toBe(
      'must not be in the future',
    );
  });
});
