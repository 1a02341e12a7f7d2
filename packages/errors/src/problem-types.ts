import type { PlatformErrorCode } from './app-error';

export const PROBLEM_BASE = 'https://licences.trade.ec.europa.eu/problems/';

export interface ProblemType {
  status: number;
  slug: string;
  title: string;
}

export type ProblemTypes = Readonly<Record<string, ProblemType>>;

/** The platform's table from error codes to HTTP status and RFC 9457 problem type. */
export const platformProblemTypes: Record<PlatformErrorCode, ProblemType> = {
  'VALIDATION.FAILED': { status: 422, slug: 'validation', title: 'The request has invalid fields' },
  'HTTP.MALFORMED_JSON': { status: 400, slug: 'malformed-json', title: 'The request body is not valid JSON' },
  'HTTP.JSON_TOO_DEEP': {
    status: 400,
    slug: 'json-too-deep',
    title: 'The request body nests arrays or objects too deeply',
  },
  'HTTP.MALFORMED_URL': {
    status: 400,
    slug: 'malformed-url',
    title: 'The request path is not validly percent-encoded',
  },
  'HTTP.BAD_REQUEST': { status: 400, slug: 'bad-request', title: 'The request is not valid HTTP' },
  'HTTP.HEADERS_TOO_LARGE': {
    status: 431,
    slug: 'headers-too-large',
    title: 'The request headers are too large',
  },
  'HTTP.REQUEST_TIMEOUT': {
    status: 408,
    slug: 'request-timeout',
    title: 'The request took too long to arrive',
  },
  'HTTP.PAYLOAD_TOO_LARGE': {
    status: 413,
    slug: 'payload-too-large',
    title: 'The request body is too large',
  },
  'HTTP.UNSUPPORTED_MEDIA_TYPE': {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'The request content type is not supported',
  },
  'HTTP.NOT_FOUND': { status: 404, slug: 'not-found', title: 'No such resource' },
  'HTTP.METHOD_NOT_ALLOWED': {
    status: 405,
    slug: 'method-not-allowed',
    title: 'This resource does not support the request method',
  },
  'AUTH.UNAUTHENTICATED': { status: 401, slug: 'unauthenticated', title: 'Authentication is required' },
  'AUTH.FORBIDDEN': { status: 403, slug: 'forbidden', title: 'You are not allowed to do this' },
  'AUTH.COMPANY_REQUIRED': {
    status: 403,
    slug: 'company-required',
    title: 'Register your company before registering licences',
  },
  'RESOURCE.NOT_FOUND': { status: 404, slug: 'not-found', title: 'No such resource' },
  'RESOURCE.CONFLICT': { status: 409, slug: 'conflict', title: 'The request conflicts with existing data' },
  'IDEMPOTENCY.KEY_REUSED': {
    status: 422,
    slug: 'idempotency-key-reused',
    title: 'This Idempotency-Key was used for a different request',
  },
  'PRECONDITION.FAILED': {
    status: 412,
    slug: 'stale-version',
    title: 'The resource changed since you read it',
  },
  'PRECONDITION.REQUIRED': { status: 428, slug: 'if-match-required', title: 'If-Match is required' },
  RATE_LIMITED: { status: 429, slug: 'rate-limited', title: 'Too many requests' },
  'DEPENDENCY.UNAVAILABLE': { status: 503, slug: 'unavailable', title: 'A service is unavailable' },
  INTERNAL: { status: 500, slug: 'internal', title: 'Internal error' },
};

/**
 * A service's own codes (`LICENCE.DUPLICATE_NUMBER` → 409…), checked against the platform's so a
 * service cannot redefine what a platform code means.
 */
export function defineProblemTypes<C extends string>(table: Record<C, ProblemType>): Record<C, ProblemType> {
  for (const code of Object.keys(table)) {
    if (code in platformProblemTypes)
      throw new Error(`${code} is a platform error code; a service cannot redefine it`);
  }
  return table;
}

export function problemTypeOf(code: string, serviceTypes: ProblemTypes = {}): ProblemType | undefined {
  return (platformProblemTypes as ProblemTypes)[code] ?? serviceTypes[code];
}
