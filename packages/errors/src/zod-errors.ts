import type { z } from 'zod';
import { AppError, type FieldError } from './app-error';

/** One entry per bad field, with a path like `elements.2` or `validTo`, and a readable reason. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: [...issue.path, key].join('.'), message: 'is not a known field' });
      }
      continue;
    }
    errors.push({ field: issue.path.join('.') || '(body)', message: issue.message });
  }
  return errors;
}

export function validationError(error: z.ZodError, message = 'Some fields are invalid'): AppError {
  return new AppError('VALIDATION.FAILED', message, { errors: toFieldErrors(error) });
}

/** Parses input with a schema, throwing a 422 AppError naming every bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
