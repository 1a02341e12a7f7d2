import { JsonApiClient } from '@lmp/testing';

export { call, sleep, waitUntil, type ApiResponse, type RequestOptions } from '@lmp/testing';

/** Calls /api/v1 of the gateway as the holder of one access token (none: unauthenticated). */
export class ApiClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly token: string | undefined,
  ) {
    super(baseUrl, (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}));
  }
}
