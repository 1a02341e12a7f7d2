import { ZProblem, type ApiClient, type ApiResult, type CallOptions } from './page.types';

export type { ApiClient, ApiResult, CallOptions } from './page.types';

/** The token expired or was refused: the page framework refreshes it or signs the user in again. */
export class SignInRequiredError extends Error {
  constructor() {
    super('the gateway refused the access token');
    this.name = 'SignInRequiredError';
  }
}

/** A status the pages do not handle (a 5xx other than 503): the error page. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`the gateway answered ${status} to ${path}`);
    this.name = 'GatewayError';
  }
}

export interface ApiClientOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:8080 (without /api/v1). */
  gatewayUrl: string;
  /** The current access token (read at every call: a refresh replaces it). */
  accessToken: () => Promise<string>;
  requestId?: string;
  timeoutMs?: number;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = `${options.gatewayUrl.replace(/\/$/, '')}/api/v1`;
  const urlOf = (path: string, query?: CallOptions['query']) => {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  };
  const send = async (
    method: string,
    path: string,
    body: BodyInit | undefined,
    contentType: string | undefined,
    callOptions: CallOptions = {},
  ): Promise<Response | null> => {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      authorization: `Bearer ${await options.accessToken()}`,
      ...(options.requestId && { 'x-request-id': options.requestId }),
      ...(contentType && { 'content-type': contentType }),
      ...callOptions.headers,
    };
    try {
      return await fetch(urlOf(path, callOptions.query), {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch {
      return null; // refused, reset or timed out: the same "not available" as a 503
    }
  };
  const call = async <T>(
    method: string,
    path: string,
    body: BodyInit | undefined,
    contentType: string | undefined,
    callOptions?: CallOptions,
  ): Promise<ApiResult<T>> => toResult<T>(await send(method, path, body, contentType, callOptions), path);
  const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
  return {
    get: (path, o) => call('GET', path, undefined, undefined, o),
    delete: (path, o) => call('DELETE', path, undefined, undefined, o),
    post: (path, body, o) => call('POST', path, json(body ?? {}), 'application/json', o),
    put: (path, body, o) => call('PUT', path, json(body), 'application/json', o),
    patch: (path, body, o) => call('PATCH', path, json(body), 'application/json', o),
    upload: (path, files, fields = {}, o) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      for (const file of files) {
        form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.filename);
      }
      return call('POST', path, form, undefined, o); // fetch sets the multipart boundary
    },
    postFile: (path, data, contentType, o) => call('POST', path, new Uint8Array(data), contentType, o),
    async raw(path, o) {
      const response = await send('GET', path, undefined, undefined, o);
      if (!response) return new Response(null, { status: 503 });
      if (response.status === 401) throw new SignInRequiredError();
      return response;
    },
  };
}

async function toResult<T>(response: Response | null, path: string): Promise<ApiResult<T>> {
  if (!response) return { kind: 'unavailable', status: 503, retryAfter: null };
  const { status, headers } = response;
  if (status === 401) throw new SignInRequiredError();
  if (status === 503 || status === 502 || status === 504) {
    await response.body?.cancel();
    return { kind: 'unavailable', status: 503, retryAfter: headers.get('retry-after') };
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (status >= 200 && status < 300) return { kind: 'ok', status, data: parsed as T, headers };
  if (status >= 400 && status < 500) {
    const problem = ZProblem.safeParse(parsed ?? {});
    return {
      kind: 'problem',
      status,
      problem: problem.success ? problem.data : { title: `The request failed (${status})` },
      headers,
    };
  }
  throw new GatewayError(status, path);
}
