import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import { createLogger } from '@lmp/logger';
import { createPool, type Db } from '@lmp/service';
import type { AnyEnvelope, Company } from '@lmp/contracts';
import {
  anIdentity,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  JsonApiClient,
  waitUntil,
  type ApiResponse,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import type { LicencesService } from '../../src/start';
import { startLicencesForTests } from './start-for-tests';
import { aCompany } from './builders';

/** Calls the service as a given identity, the way the gateway does. */
export class ApiClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly identity: Identity,
  ) {
    super(baseUrl, () => identityHeaders(identity));
  }
}

export { waitUntil, type ApiResponse };

export interface Harness {
  service: LicencesService;
  database: TestDatabase;
  vhost: TestVhost;
  url: string;
  /** A small pool on the suite's database (the service's own role), for checking stored rows. */
  db: Db;
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

/** The licences service in-process on port 0, with its own database and vhost. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await createTestDatabase({ services: ['licences'] });
  const vhost = await createTestVhost();
  const service = await startLicencesForTests(database.urlFor('licences'), vhost.url, env);
  const observer: Bus = await connectBus({
    url: vhost.url,
    connectionName: 'test-observer',
    logger: createLogger({ name: 'test-observer', level: 'silent' }),
  });
  const db = createPool({
    url: database.urlFor('licences'),
    max: 4,
    schema: 'licences',
    service: 'licences-test',
    logger: createLogger({ name: 'test-db', level: 'silent' }),
  });
  const client = (identity: Partial<Identity> = {}) => new ApiClient(service.url, anIdentity(identity));
  return {
    service,
    database,
    vhost,
    db,
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
      await db.end();
      await observer.close();
      await service.stop();
      await vhost.drop();
      await database.drop();
    },
  };
}
