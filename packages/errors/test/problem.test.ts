import { z } from 'zod';
import { AppError, fromUnavailableDependency, toFieldErrors, toProblem } from '../src';

describe('toProblem', () => {
  it('maps a domain error code to its status and problem type', () => {
    const problem = toProblem(new AppError('LICENCE.DUPLICATE_NUMBER', 'already registered'));
    expect(problem).toMatchObject({
      status: 409,
      detail: 'already registered',
      code: 'LICENCE.DUPLICATE_NUMBER',
    });
    expect(problem.type).toMatch(/duplicate-licence$/);
  });

  it('never leaks the message of an unexpected error', () => {
    const problem = toProblem(new Error('connection string postgres://secret'));
    expect(problem.status).toBe(500);
    expect(problem.detail).not.toContain('secret');
  });
});

describe('toFieldErrors', () => {
  it('names every bad field, unknown fields included', () => {
    const schema = z.strictObject({ a: z.number(), b: z.object({ c: z.string() }) });
    const result = schema.safeParse({ a: 'x', b: { c: 1 }, extra: true });
    expect(result.success).toBe(false);
    const fields = toFieldErrors(result.error!).map((e) => e.field);
    expect(fields.sort()).toEqual(['a', 'b.c', 'extra']);
  });
});

describe('fromUnavailableDependency', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'Postgres shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
  ])('answers 503 with Retry-After to %s', (_name, error) => {
    const mapped = fromUnavailableDependency(error);
    expect(mapped?.code).toBe('DEPENDENCY.UNAVAILABLE');
    expect(mapped?.retryAfter).toBeGreaterThan(0);
    expect(toProblem(mapped).status).toBe(503);
  });

  it('leaves a programming error a 500', () => {
    expect(fromUnavailableDependency(new TypeError('x is undefined'))).toBeUndefined();
    expect(fromUnavailableDependency(Object.assign(new Error('syntax'), { code: '42601' }))).toBeUndefined();
  });
});
