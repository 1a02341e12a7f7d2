import { AppError } from './app-error';

/** Connection-level failures: the request was fine, a dependency was not there. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
/** Postgres: admin/crash shutdown, cannot connect now, too many connections, serialization storm excluded. */
const POSTGRES_UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * Maps "the database (or another dependency) is down or restarting" to 503 with Retry-After, so a
 * client retries instead of reporting a server bug. Anything else stays unknown (500).
 */
export function fromUnavailableDependency(error: unknown, retryAfter = 5): AppError | undefined {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : '';
  const unavailable =
    (code !== undefined && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.has(code))) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not currently accepting connections/i.test(
      message,
    );
  return unavailable
    ? new AppError(
        'DEPENDENCY.UNAVAILABLE',
        'A service this request needs is unavailable; please retry shortly',
        {
          retryAfter,
          cause: error,
        },
      )
    : undefined;
}

/**
 * Backstop for a value the validation let through but Postgres refuses (class 22, data exception:
 * a date out of range, an invalid byte sequence…): the request is at fault, so 422, never 500.
 */
export function fromDataException(error: unknown): AppError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return undefined;
  return new AppError('VALIDATION.FAILED', 'A value in the request cannot be stored', {
    errors: [{ field: '(request)', message: 'contains a value outside what can be stored' }],
    cause: error,
  });
}
