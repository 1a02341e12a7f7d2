import type { ErrorCode } from './app-error';

export const PROBLEM_BASE = 'https://licences.trade.ec.europa.eu/problems/';

interface ProblemType {
  status: number;
  slug: string;
  title: string;
}

/** The one table from error codes to HTTP status and RFC 9457 problem type. */
export const problemTypes: Record<ErrorCode, ProblemType> = {
  'VALIDATION.FAILED': { status: 422, slug: 'validation', title: 'The request has invalid fields' },
  'HTTP.MALFORMED_JSON': { status: 400, slug: 'malformed-json', title: 'The request body is not valid JSON' },
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
  'AUTH.UNAUTHENTICATED': { status: 401, slug: 'unauthenticated', title: 'Authentication is required' },
  'AUTH.FORBIDDEN': { status: 403, slug: 'forbidden', title: 'You are not allowed to do this' },
  'AUTH.COMPANY_REQUIRED': {
    status: 403,
    slug: 'company-required',
    title: 'Register your company before registering licences',
  },
  'RESOURCE.NOT_FOUND': { status: 404, slug: 'not-found', title: 'No such resource' },
  'LICENCE.DUPLICATE_NUMBER': {
    status: 409,
    slug: 'duplicate-licence',
    title: 'This licence number is already registered',
  },
  'COMPANY.EORI_TAKEN': {
    status: 409,
    slug: 'duplicate-eori',
    title: 'This EORI number is already registered',
  },
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
