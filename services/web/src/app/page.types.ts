// The page framework's types (page.ts explains how a page is written); no code that runs.
import type { Request } from 'express';
import type { VNode } from 'preact';
import { z } from 'zod';

export type Role = 'operator' | 'commission';

export interface PageUser {
  /** The subject at EU Login. */
  sub: string;
  name: string;
  email: string;
  role: Role;
}

export type FormValue = string | string[];
export type FormBody = Record<string, FormValue>;

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  data: Buffer;
}

export interface PageContext {
  req: Request;
  user: PageUser;
  /** Goes into every form as the hidden field `_csrf`. */
  csrfToken: string;
  api: ApiClient;
  /** The path's parameters (`/licences/:id` → `params.id`). */
  params: Record<string, string>;
  /** The query string, flat (a repeated parameter keeps its first value). */
  query: Record<string, string | undefined>;
  /** The parsed POST body (urlencoded or multipart fields); `{}` on GET. */
  form: FormBody;
  /** Files of a multipart POST. */
  files: UploadedFile[];
  /** The request's path with its query string, e.g. `/licences?status=pending`. */
  path: string;
}

export interface Notice {
  variant: 'info' | 'success' | 'warning' | 'error';
  title: string;
  description?: string;
}

export interface RenderOptions {
  status?: number;
  /** Which main navigation entry is current (e.g. 'licences'). */
  active?: string;
  notices?: Notice[];
}

export type PageResult =
  | ({ kind: 'render'; title: string; body: VNode } & RenderOptions)
  | { kind: 'redirect'; location: string; status?: 302 | 303 }
  /** A download from the API passed through as it is (attachments, CSV/XLSX exports). */
  | { kind: 'file'; response: Response };

export type PageHandler = (ctx: PageContext) => Promise<PageResult>;

/** One entry of a problem+json `errors` list. */
export const ZFieldError = z.object({ field: z.string(), message: z.string() });

/** problem+json (RFC 9457) as the gateway and services answer it. */
export const ZProblem = z
  .object({
    type: z.string().optional(),
    title: z.string().default('The request failed'),
    status: z.number().int().optional(),
    detail: z.string().optional(),
    errors: z.array(ZFieldError).optional(),
  })
  .passthrough();
export type Problem = z.infer<typeof ZProblem>;

/** Form field name → the message shown next to it (and in the error summary). */
export const ZFieldErrors = z.record(z.string(), z.string());
export type FieldErrors = z.infer<typeof ZFieldErrors>;

export interface PageOptions {
  /** Only this role may open the page; others get the 403 page. Default: anyone signed in. */
  role?: Role;
}

/** What one call to the gateway answered. */
export type ApiResult<T> =
  | { kind: 'ok'; status: number; data: T; headers: Headers }
  | { kind: 'problem'; status: number; problem: Problem; headers: Headers }
  /** 503, or the gateway could not be reached: the page shows a "not available" notice. */
  | { kind: 'unavailable'; status: 503; retryAfter: string | null };

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
}

export interface ApiClient {
  get<T>(path: string, options?: CallOptions): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown, options?: CallOptions): Promise<ApiResult<T>>;
  put<T>(path: string, body?: unknown, options?: CallOptions): Promise<ApiResult<T>>;
  patch<T>(path: string, body?: unknown, options?: CallOptions): Promise<ApiResult<T>>;
  delete<T>(path: string, options?: CallOptions): Promise<ApiResult<T>>;
  /** multipart/form-data: the files and plain fields, e.g. a CSV import or message attachments. */
  upload<T>(
    path: string,
    files: UploadedFile[],
    fields?: Record<string, string>,
    options?: CallOptions,
  ): Promise<ApiResult<T>>;
  /** A file as the raw body (e.g. POST /licences/import with text/csv). */
  postFile<T>(path: string, data: Buffer, contentType: string, options?: CallOptions): Promise<ApiResult<T>>;
  /** A download passed through as it is (CSV, XLSX, attachments); never parsed. */
  raw(path: string, options?: CallOptions): Promise<Response>;
}

