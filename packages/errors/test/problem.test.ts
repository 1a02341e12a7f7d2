import { z } from 'zod';
import { AppError, toFieldErrors, toProblem } from '../src';

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
