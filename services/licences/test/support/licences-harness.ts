import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import { createLogger } from '@lmp/logger';
import type { AnyEnvelope, Company } from '@lmp/contracts';
import {
  anIdentity,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import { ZLicencesConfig } from '../../src/config';
import { startLicencesService, type LicencesService } from '../../src/start';
import { aCompany } from './builders';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the service as a given identity, the way the gateway does. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    readonly identity: Identity,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(await identityHeaders(this.identity)),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PUT', path, body, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
}

export interface Harness {
  service: LicencesService;
  database: TestDatabase;
  vhost: TestVhost;
  url: string;
  /** A new operator, signed in, with a registered company. */
  operatorWithCompany(overrides?: Partial<Identity>): Promise<ApiClient & { company: Company }>;
  client(identity?: Partial<Identity>): ApiClient;
  commission(): ApiClient;
  /** Publishes an event as another service would (straight to the exchange). */
  publish(events: AnyEnvelope[]): Promise<void>;
  /** Collects events of the given types published by the service from now on. */
  captureEvents(types: string[]): Promise<{
    events: AnyEnvelope[];
    waitFor(predicate: (e: AnyEnvelope) => boolean): Promise<AnyEnvelope>;
  }>;
  stop(): Promise<void>;
}

export async function waitUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The licences service in-process on port 0, with its own database and vhost. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await createTestDatabase({ services: ['licences'] });
  const vhost = await createTestVhost();
  const service = await startLicencesService(
    ZLicencesConfig.parse({
      PORT: '0',
      DATABASE_URL: database.urlFor('licences'),
      RABBITMQ_URL: vhost.url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_INTERVAL_MS: '200',
      DATABASE_POOL_SIZE: '8',
      ...env,
    }),
  );
  const observer: Bus = await connectBus({
    url: vhost.url,
    connectionName: 'test-observer',
    logger: createLogger({ name: 'test-observer', level: 'silent' }),
  });
  const client = (identity: Partial<Identity> = {}) => new ApiClient(service.url, anIdentity(identity));
  return {
    service,
    database,
    vhost,
    url: service.url,
    client,
    commission: () =>
      client({ role: 'commission', email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu` }),
    async operatorWithCompany(overrides = {}) {
      const api = client(overrides);
      const response = await api.put('/me/company', aCompany());
      if (response.status !== 201) throw new Error(`company not created: ${JSON.stringify(response.body)}`);
      return Object.assign(api, { company: response.body as Company });
    },
    async publish(events) {
      await observer.publish(events);
    },
    async captureEvents(types) {
      const events: AnyEnvelope[] = [];
      await observer.consume({
        queue: `test.observer.${randomUUID().slice(0, 8)}`,
        eventTypes: types,
        handler: async (envelope) => {
          events.push(envelope);
        },
      });
      return {
        events,
        waitFor: (predicate) => waitUntil(() => events.find(predicate), 'an event'),
      };
    },
    async stop() {
      await observer.close();
      await service.stop();
      await vhost.drop();
      await database.drop();
    },
  };
}
