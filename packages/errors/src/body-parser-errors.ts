import { AppError } from './app-error';

/** Body-parser errors carry a `type`; map them to our codes so bad input never becomes a 500. */
export function fromBodyParser(error: unknown): AppError | undefined {
  switch ((error as { type?: unknown } | null)?.type) {
    case 'entity.parse.failed':
      return new AppError('HTTP.MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new AppError('HTTP.PAYLOAD_TOO_LARGE', 'The request body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 'The request encoding is not supported');
    default:
      return undefined;
  }
}

/**
 * Express decodes path parameters while it matches routes and passes the URIError of a bad
 * escape (`/licences/%ZZ`) on as the request's error, marked with status 400: the client sent
 * it, so 400, never 500. A URIError without that mark is our own bug and stays a 500.
 */
export function fromMalformedUrl(error: unknown): AppError | undefined {
  if (!(error instanceof URIError) || (error as { status?: unknown }).status !== 400) return undefined;
  return new AppError('HTTP.MALFORMED_URL', 'The request path holds an invalid percent-encoding', {
    cause: error,
  });
}
