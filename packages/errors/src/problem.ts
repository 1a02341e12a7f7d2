import { AppError, type FieldError } from './app-error';
import { PROBLEM_BASE, problemTypes } from './problem-types';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

/** Maps any thrown value to an RFC 9457 problem; unknown errors never leak their message. */
export function toProblem(error: unknown, instance?: string): Problem {
  const appError = error instanceof AppError ? error : undefined;
  const code = appError?.code ?? 'INTERNAL';
  const type = problemTypes[code];
  return {
    type: PROBLEM_BASE + type.slug,
    title: type.title,
    status: type.status,
    detail: appError?.message ?? 'An unexpected error occurred; it has been logged.',
    code,
    ...(instance ? { instance } : {}),
    ...(appError?.errors ? { errors: appError.errors } : {}),
  };
}
