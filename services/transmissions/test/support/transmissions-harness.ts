import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { identityAudience, type Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import {
  anIdentity,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  JsonApiClient,
  startTestSmtpServer,
  waitUntil,
  type ApiResponse,
  type TestDatabase,
  type TestSmtpServer,
  type TestVhost,
} from '@lmp/testing';
import type { TransmissionsService } from '../../src/start';
import { startTransmissionsForTests } from './start-for-tests';

export { waitUntil, type ApiResponse };

/** Calls the service as a given identity, the way the gateway does (a token for lmp-transmissions). */
export class ApiClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly identity: Identity,
  ) {
    super(baseUrl, () => identityHeaders(identity, { audience: identityAudience('transmissions') }));
  }

  /** The raw response of a GET (files). */
  async download(path: string): Promise<Response> {
    const headers = await identityHeaders(this.identity, { audience: identityAudience('transmissions') });
    return fetch(`${this.baseUrl}/api/v1${path}`, { headers });
  }
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private at: Date) {}
  readonly now = () => new Date(this.at);
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export interface Harness {
  service: TransmissionsService;
  database: TestDatabase;
  vhost: TestVhost;
  /** MOFCOM's mail server as far as the service knows (its SMTP_URL). */
  smtp: TestSmtpServer;
  clock: TestClock;
  commission(): ApiClient;
  operator(): ApiClient;
  /** Another replica on the same database and vhost, with its own clock. */
  startReplica(clock: TestClock): Promise<TransmissionsService>;
  /** Publishes as the licences service would (straight to the exchange). */
  publish(events: AnyEnvelope[]): Promise<void>;
  /** Publishes, then waits until this service has applied every one of them. */
  publishAndApply(events: AnyEnvelope[]): Promise<void>;
  /** Collects the events of these types the service publishes from now on (its own test queue). */
  captureEvents(types: string[]): Promise<AnyEnvelope[]>;
  /** Reads the service's own tables (its own role), to check stored state. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** Before the schedule's first slot (16 March 2026): no scheduled batch is due at start. */
export const BEFORE_FIRST_SLOT = '2026-03-01T00:00:00.000Z';

export async function startHarness(
  options: { clock?: TestClock; env?: Record<string, string> } = {},
): Promise<Harness> {
  const clock = options.clock ?? new TestClock(new Date(BEFORE_FIRST_SLOT));
  const database = await createTestDatabase({ services: ['transmissions'] });
  const vhost = await createTestVhost();
  const smtp = await startTestSmtpServer();
  const url = database.urlFor('transmissions');
  // Retries in tens of milliseconds: the tests wait for outcomes, never for the real back-off.
  const env = {
    SMTP_URL: smtp.url,
    DISPATCH_RETRY_BASE_MS: '20',
    DISPATCH_RETRY_MAX_MS: '100',
    ...options.env,
  };
  const service = await startTransmissionsForTests(url, vhost.url, clock.now, env);
  const replicas: TransmissionsService[] = [];
  const observer: Bus = await connectBus({
    url: vhost.url,
    connectionName: 'test-observer',
    logger: createLogger({ name: 'test-observer', level: 'silent' }),
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const client = (identity: Partial<Identity>) => new ApiClient(service.url, anIdentity(identity));
  return {
    service,
    database,
    vhost,
    smtp,
    clock,
    commission: () =>
      client({ role: 'commission', email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu` }),
    operator: () => client({ role: 'operator' }),
    async startReplica(replicaClock) {
      const replica = await startTransmissionsForTests(url, vhost.url, replicaClock.now, env);
      replicas.push(replica);
      return replica;
    },
    async publish(events) {
      await observer.publish(events);
    },
    async publishAndApply(events) {
      await observer.publish(events);
      const ids = [...new Set(events.map((e) => e.id))];
      await waitUntil(async () => {
        const { rows } = await db.query(
          'SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])',
          [ids],
        );
        return rows[0].n === ids.length;
      }, `${ids.length} events applied`);
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
      return events;
    },
    async sql(text, params) {
      return (await db.query(text, params)).rows;
    },
    async stop() {
      await db.end();
      await observer.close();
      for (const replica of replicas) await replica.stop();
      await service.stop();
      await smtp.stop();
      await vhost.drop();
      await database.drop();
    },
  };
}
