import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { identityAudience, type Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import {
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  JsonApiClient,
  startServiceProcess,
  waitUntil,
  type ServiceProcess,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';

/** The licence and company events the licences service publishes, which reporting consumes. */
const LICENCES_EVENT_TYPES = [
  'CompanyRegistered',
  'CompanyUpdated',
  'LicenceSubmitted',
  'LicenceUpdated',
  'LicenceStatusChanged',
  'LicenceCustomsStatusChanged',
] as const;

/**
 * The licences and reporting services as processes, each with its own database, on one vhost: what
 * licences publishes through its outbox is what reporting consumes. An observer queue on the same
 * exchange sees every licences event too, so the test knows when reporting has applied them all.
 */
export interface GroundTruthPlatform {
  licences: ServiceProcess;
  reporting: ServiceProcess;
  /** The licences API as one operator (a token for lmp-licences, as the gateway mints it). */
  operator(identity: Identity): JsonApiClient;
  /** The reporting API as a Commission analyst. */
  commission(): JsonApiClient;
  /** Publishes as another service would (the transmissions service's batch events). */
  publish(events: AnyEnvelope[]): Promise<void>;
  /** Ids of the licences events the observer has seen so far. */
  seenEventIds(): string[];
  /** Waits until reporting has applied every one of these events (claimed in its processed_events). */
  waitUntilApplied(ids: string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Headers with a token minted once per identity and audience, re-minted before it expires (60 s). */
function cachedIdentityHeaders(identity: Identity, audience: string) {
  let minted: { at: number; headers: Promise<Record<string, string>> } | undefined;
  return () => {
    if (!minted || Date.now() - minted.at > 30_000) {
      minted = { at: Date.now(), headers: identityHeaders(identity, { audience }) };
    }
    return minted.headers;
  };
}

export async function startGroundTruthPlatform(): Promise<GroundTruthPlatform> {
  const started: { stop(): Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const vhost: TestVhost = await createTestVhost();
    started.push({ stop: () => vhost.drop() });
    const licencesDb: TestDatabase = await createTestDatabase({ services: ['licences'] });
    started.push({ stop: () => licencesDb.drop() });
    const reportingDb: TestDatabase = await createTestDatabase({ services: ['reporting'] });
    started.push({ stop: () => reportingDb.drop() });

    const logLevel = process.env.LOG_LEVEL ?? 'warn';
    // Beyond the default 20 s: on a busy 2-core machine tsx alone may take that long to start.
    const readyTimeoutMs = 60_000;
    const licences = await startServiceProcess({
      workspace: 'services/licences',
      readyTimeoutMs,
      env: {
        DATABASE_URL: licencesDb.urlFor('licences'),
        RABBITMQ_URL: vhost.url,
        OUTBOX_POLL_INTERVAL_MS: '200',
        DATABASE_POOL_SIZE: '8',
        LOG_LEVEL: logLevel,
      },
    });
    started.push(licences);
    const reporting = await startServiceProcess({
      workspace: 'services/reporting',
      readyTimeoutMs,
      env: {
        DATABASE_URL: reportingDb.urlFor('reporting'),
        RABBITMQ_URL: vhost.url,
        OUTBOX_POLL_INTERVAL_MS: '200',
        LOG_LEVEL: logLevel,
      },
    });
    started.push(reporting);

    const observer: Bus = await connectBus({
      url: vhost.url,
      connectionName: 'test-ground-truth-observer',
      logger: createLogger({ name: 'test-ground-truth-observer', level: 'silent' }),
    });
    started.push({ stop: () => observer.close() });
    const seen = new Set<string>();
    await observer.consume({
      queue: `test.ground-truth.${randomUUID().slice(0, 8)}`,
      eventTypes: [...LICENCES_EVENT_TYPES],
      handler: async (event) => {
        seen.add(event.id);
      },
    });
    const reportingSql = new pg.Client({ connectionString: reportingDb.urlFor('reporting') });
    await reportingSql.connect();
    started.push({ stop: () => reportingSql.end() });

    const commissionIdentity: Identity = {
      subject: 'ground-truth-analyst',
      email: 'ground-truth-analyst@ec.europa.eu',
      name: 'Ground Truth Analyst',
      role: 'commission',
    };
    const commissionHeaders = cachedIdentityHeaders(commissionIdentity, identityAudience('reporting'));
    return {
      licences,
      reporting,
      operator: (identity) =>
        new JsonApiClient(licences.url, cachedIdentityHeaders(identity, identityAudience('licences'))),
      commission: () => new JsonApiClient(reporting.url, commissionHeaders),
      publish: (events) => observer.publish(events),
      seenEventIds: () => [...seen],
      async waitUntilApplied(ids, timeoutMs) {
        let applied = 0;
        await waitUntil(
          async () => {
            const { rows } = await reportingSql.query<{ n: number }>(
              'SELECT count(DISTINCT event_id)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])',
              [ids],
            );
            applied = rows[0]!.n;
            if (applied === ids.length) return true;
            await new Promise((resolve) => setTimeout(resolve, 250));
            return false;
          },
          `reporting to apply ${ids.length} events`,
          timeoutMs,
        ).catch((error: Error) => {
          throw new Error(`${error.message} (applied ${applied}); reporting said:\n${reporting.output()}`);
        });
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Runs `work` over the items with at most `limit` in flight; the first failure stops the rest. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
