import { AppError, type FieldError } from './app-error';
import { PROBLEM_BASE, platformProblemTypes, problemTypeOf, type ProblemTypes } from './problem-types';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

/**
 * Maps any thrown value to an RFC 9457 problem; unknown errors never leak their message. A code
 * found in neither the platform's table nor the service's is a programming error: 500.
 */
export function toProblem(error: unknown, instance?: string, serviceTypes?: ProblemTypes): Problem {
  const known = error instanceof AppError && problemTypeOf(error.code, serviceTypes) !== undefined;
  const appError = known ? (error as AppError) : undefined;
  const code = appError?.code ?? 'INTERNAL';
  const type = problemTypeOf(code, serviceTypes) ?? platformProblemTypes.INTERNAL;
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
