/**
 * Error codes survive crossing processes: a code names the rule that was broken, and one table
 * maps each code to its HTTP status and problem type. This package holds only the platform's
 * codes (problem-types.ts); a service declares its own in a table of its own and adds their
 * names to `ServiceErrorCodes` (see `defineProblemTypes`).
 */
export type PlatformErrorCode =
  | 'VALIDATION.FAILED'
  | 'HTTP.MALFORMED_JSON'
  | 'HTTP.JSON_TOO_DEEP'
  | 'HTTP.MALFORMED_URL'
  | 'HTTP.BAD_REQUEST'
  | 'HTTP.HEADERS_TOO_LARGE'
  | 'HTTP.REQUEST_TIMEOUT'
  | 'HTTP.PAYLOAD_TOO_LARGE'
  | 'HTTP.UNSUPPORTED_MEDIA_TYPE'
  | 'HTTP.NOT_FOUND'
  | 'HTTP.METHOD_NOT_ALLOWED'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.COMPANY_REQUIRED'
  | 'RESOURCE.NOT_FOUND'
  | 'RESOURCE.CONFLICT'
  | 'IDEMPOTENCY.KEY_REUSED'
  | 'PRECONDITION.FAILED'
  | 'PRECONDITION.REQUIRED'
  | 'RATE_LIMITED'
  | 'DEPENDENCY.UNAVAILABLE'
  | 'INTERNAL';

/**
 * A service's own codes, added by declaration merging next to the service's table:
 * `declare module '@lmp/errors' { interface ServiceErrorCodes extends Record<keyof typeof table, true> {} }`.
 * Each service is type-checked alone, so it sees the platform's codes and its own only.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceErrorCodes {}

export type ErrorCode = PlatformErrorCode | (keyof ServiceErrorCodes & string);

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
