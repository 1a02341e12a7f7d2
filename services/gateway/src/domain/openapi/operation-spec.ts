import type { z } from 'zod';

export type Tag =
  | 'Me'
  | 'Colleagues'
  | 'Licences'
  | 'Claims'
  | 'Confirmations'
  | 'Migration'
  | 'Messages'
  | 'Notifications'
  | 'Reports'
  | 'Transmissions';

export const TAGS: readonly Tag[] = [
  'Me',
  'Colleagues',
  'Licences',
  'Claims',
  'Confirmations',
  'Migration',
  'Messages',
  'Notifications',
  'Reports',
  'Transmissions',
];

/** A request body that is more than one JSON schema: files, forms, or several media types. */
export interface BodySpec {
  /** application/json: a REQUEST_SCHEMAS (or RESPONSE_SCHEMAS) name. */
  json?: string;
  /** multipart/form-data: a REQUEST_SCHEMAS name, and the content types its `files` parts may have. */
  multipart?: { schema: string; fileTypes: readonly string[] };
  /** An HTML form, as application/x-www-form-urlencoded or multipart/form-data: a REQUEST_SCHEMAS name. */
  form?: string;
  /** A file as the raw body: media type → what it holds. */
  files?: Record<string, string>;
  /** Whether a body must be sent (default true). */
  required?: boolean;
}

/**
 * What a success answers: a schema name (application/json), several (any of them), content of
 * these media types (besides a JSON schema, by the request's Accept), or nothing (204).
 */
export type Answer = string | readonly string[] | { media: readonly string[]; json?: string } | null;

/** Response headers the operation sets on success (openapi-document.ts describes each). */
export type SuccessHeader = 'Location' | 'ETag' | 'Content-Disposition';

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Under /api/v1; every `{name}` is a path parameter (a UUID). */
  path: string;
  summary: string;
  /** More than the summary says. */
  description?: string;
  tag: Tag;
  commissionOnly?: boolean;
  /** No sign-in (no security requirement): the request carries its own proof. */
  public?: boolean;
  query?: z.ZodObject;
  /** Request body: a schema name for JSON only, or its media types. */
  body?: string | BodySpec;
  /** Success status and what it answers. */
  ok: [number, Answer];
  /** Another success status: [status, answer, when]. */
  alsoOk?: [number, Answer, string];
  okHeaders?: SuccessHeader[];
  /** If-Match with the ETag: required (428 without), or optional (checked when sent). */
  ifMatch?: 'required' | 'optional';
  /** The service honours Idempotency-Key: a retry answers the first result. */
  idempotencyKey?: boolean;
  /** Request headers besides the ones above. */
  headers?: Array<{ name: string; description: string; maxLength?: number }>;
  /** Extra error statuses this operation can answer. */
  errors?: number[];
}
