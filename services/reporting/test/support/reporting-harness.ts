import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { identityAudience, type Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import type { RunningService } from '@lmp/service';
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
import { startReportingForTests } from './start-for-tests';

export { waitUntil, type ApiResponse };

/** Calls the service as a given identity, the way the gateway does (a token for lmp-reporting). */
export class ApiClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly identity: Identity,
  ) {
    super(baseUrl, () => identityHeaders(identity, { audience: identityAudience('reporting') }));
  }

  /** The raw response of a GET (files). */
  async download(path: string): Promise<Response> {
    const headers = await identityHeaders(this.identity, { audience: identityAudience('reporting') });
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
  service: RunningService;
  database: TestDatabase;
  vhost: TestVhost;
  clock: TestClock;
  commission(): ApiClient;
  operator(): ApiClient;
  /** Publishes as the owning services would (straight to the exchange). */
  publish(events: AnyEnvelope[]): Promise<void>;
  /** Publishes, then waits until this service has applied every one of them. */
  publishAndApply(events: AnyEnvelope[]): Promise<void>;
  /** Empties the read model (each test starts from no licences). */
  reset(): Promise<void>;
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** "Now" in every suite unless a test moves the clock. */
export const NOW = '2026-04-01T12:00:00.000Z';

export async function startHarness(): Promise<Harness> {
  const clock = new TestClock(new Date(NOW));
  const database = await createTestDatabase({ services: ['reporting'] });
  const vhost = await createTestVhost();
  const url = database.urlFor('reporting');
  const service = await startReportingForTests(url, vhost.url, clock.now);
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
    clock,
    commission: () =>
      client({ role: 'commission', email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu` }),
    operator: () => client({ role: 'operator' }),
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
    async reset() {
      await db.query(
        'TRUNCATE licences, companies, licence_transmissions, batches, mofcom_reports, confirmations',
      );
    },
    async sql(text, params) {
      return (await db.query(text, params)).rows;
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
