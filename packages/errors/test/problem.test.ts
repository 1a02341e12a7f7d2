import { z } from 'zod';
import { AppError, defineProblemTypes, fromUnavailableDependency, toFieldErrors, toProblem } from '../src';

// A service's own table, as a service declares it (the codes are added to ServiceErrorCodes).
const serviceTypes = defineProblemTypes({
  'LICENCE.DUPLICATE_NUMBER': { status: 409, slug: 'duplicate-licence', title: 'Already registered' },
});
declare module '../src' {
  interface ServiceErrorCodes extends Record<keyof typeof serviceTypes, true> {}
}

describe('toProblem', () => {
  it('maps a domain error code to its status and problem type', () => {
    const problem = toProblem(
      new AppError('LICENCE.DUPLICATE_NUMBER', 'already registered'),
      undefined,
      serviceTypes,
    );
    expect(problem).toMatchObject({
      status: 409,
      detail: 'already registered',
      code: 'LICENCE.DUPLICATE_NUMBER',
    });
    expect(problem.type).toMatch(/duplicate-licence$/);
  });

  it('answers 500 for a code that neither the platform nor the service declares', () => {
    const problem = toProblem(new AppError('LICENCE.DUPLICATE_NUMBER', 'already registered'));
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
  });

  it('refuses a service table that redefines a platform code', () => {
    expect(() => defineProblemTypes({ 'VALIDATION.FAILED': { status: 400, slug: 'x', title: 'x' } })).toThrow(
      /platform error code/,
    );
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
