/**
 * Error codes survive crossing processes: a code names the rule that was broken, and one table
 * (problem-types.ts) maps each code to its HTTP status and problem type.
 */
export type ErrorCode =
  | 'VALIDATION.FAILED'
  | 'HTTP.MALFORMED_JSON'
  | 'HTTP.PAYLOAD_TOO_LARGE'
  | 'HTTP.UNSUPPORTED_MEDIA_TYPE'
  | 'HTTP.NOT_FOUND'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.COMPANY_REQUIRED'
  | 'RESOURCE.NOT_FOUND'
  | 'LICENCE.DUPLICATE_NUMBER'
  | 'COMPANY.EORI_TAKEN'
  | 'IDEMPOTENCY.KEY_REUSED'
  | 'PRECONDITION.FAILED'
  | 'PRECONDITION.REQUIRED'
  | 'RATE_LIMITED'
  | 'DEPENDENCY.UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  errors?: FieldError[];
  cause?: unknown;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly errors?: FieldError[];
  readonly retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
