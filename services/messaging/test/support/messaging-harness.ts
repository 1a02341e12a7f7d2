import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { identityAudience, type Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import {
  aLicenceRef,
  anIdentity,
  companyRegistered,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  JsonApiClient,
  licenceSubmitted,
  startTestSmtpServer,
  waitUntil,
  type CapturedMail,
  type TestDatabase,
  type TestLicence,
  type TestSmtpServer,
  type TestVhost,
} from '@lmp/testing';
import { ZMessagingConfig } from '../../src/config';
import { startMessagingService, type MessagingService } from '../../src/start';
import { aUser, userJoined, type TestUser } from './membership-events';

export { waitUntil };

/** Calls the service as a given identity, the way the gateway does (a token for lmp-messaging). */
export class ApiClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly identity: Identity,
  ) {
    super(baseUrl, () => identityHeaders(identity, { audience: identityAudience('messaging') }));
  }

  async headers(): Promise<Record<string, string>> {
    return identityHeaders(this.identity, { audience: identityAudience('messaging') });
  }

  /** The raw response of a GET (files). */
  async download(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}/api/v1${path}`, { headers: await this.headers() });
  }

  /** POST multipart/form-data: `body` and files, as a browser's form sends it. */
  async postForm(
    path: string,
    body: string | undefined,
    files: { name: string; content: Buffer; type?: string }[],
  ): Promise<{ status: number; body: any }> {
    const form = new FormData();
    if (body !== undefined) form.append('body', body);
    for (const f of files)
      form.append('files', new Blob([f.content], { type: f.type ?? 'application/octet-stream' }), f.name);
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: await this.headers(),
      body: form,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
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

export interface TestCompany {
  id: string;
  name: string;
  users: (TestUser & { api: ApiClient })[];
}

export interface Harness {
  service: MessagingService;
  database: TestDatabase;
  vhost: TestVhost;
  smtp: TestSmtpServer;
  clock: TestClock;
  /** The environment the service was started with (for replicas as processes). */
  env: Record<string, string>;
  commission(): ApiClient;
  /** A signed-in operator whose address belongs to no company. */
  operatorWithoutCompany(): ApiClient;
  /** A company (CompanyRegistered) with `users` members (UserJoinedCompany), applied. */
  aCompany(users?: number, overrides?: Record<string, unknown>): Promise<TestCompany>;
  /** A licence of the company (LicenceSubmitted), applied. */
  aLicence(company: TestCompany, overrides?: Record<string, unknown>): Promise<TestLicence>;
  publish(events: AnyEnvelope[]): Promise<void>;
  /** Publishes, then waits until the service has applied every one of them. */
  publishAndApply(events: AnyEnvelope[]): Promise<void>;
  sql<T extends pg.QueryResultRow = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Waits until `count` mails matching `predicate` reached the SMTP server, and answers them. */
  mailsWhere(predicate: (mail: CapturedMail) => boolean, count?: number): Promise<CapturedMail[]>;
  /** Waits until the e-mail outbox has nothing left to send. */
  mailSettled(): Promise<void>;
  stop(): Promise<void>;
}

export const START = '2026-03-02T09:00:00.000Z';

export function testEnv(
  databaseUrl: string,
  rabbitmqUrl: string,
  smtp: TestSmtpServer,
  env: Record<string, string> = {},
) {
  return {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    RABBITMQ_URL: rabbitmqUrl,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_INTERVAL_MS: '200',
    DATABASE_POOL_SIZE: '6',
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    MAIL_POLL_INTERVAL_MS: '200',
    MAIL_RETRY_BASE_MS: '50',
    MAIL_RETRY_MAX_MS: '300',
    COMMISSION_MAILBOX: 'trade-inbox@ec.europa.eu',
    PUBLIC_BASE_URL: 'https://licences.example.eu',
    PUBLIC_API_URL: 'https://licences.example.eu',
    // Once a year: tests run the jobs at the instants they choose.
    STALE_REMINDER_CRON: '0 0 1 1 *',
    DAILY_DIGEST_CRON: '0 0 1 1 *',
    ...env,
  };
}

export async function startHarness(
  options: { clock?: TestClock; env?: Record<string, string> } = {},
): Promise<Harness> {
  const clock = options.clock ?? new TestClock(new Date(START));
  const database = await createTestDatabase({ services: ['messaging'] });
  const vhost = await createTestVhost();
  const smtp = await startTestSmtpServer();
  const url = database.urlFor('messaging');
  const env = testEnv(url, vhost.url, smtp, options.env);
  const service = await startMessagingService(ZMessagingConfig.parse(env), { clock: clock.now });
  const observer: Bus = await connectBus({
    url: vhost.url,
    connectionName: 'test-observer',
    logger: createLogger({ name: 'test-observer', level: 'silent' }),
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const client = (identity: Partial<Identity>) => new ApiClient(service.url, anIdentity(identity));
  const publishAndApply = async (events: AnyEnvelope[]) => {
    await observer.publish(events);
    const ids = [...new Set(events.map((e) => e.id))];
    await waitUntil(async () => {
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])',
        [ids],
      );
      return rows[0].n === ids.length;
    }, `${ids.length} events applied`);
  };
  return {
    service,
    database,
    vhost,
    smtp,
    clock,
    env,
    commission: () =>
      client({ role: 'commission', email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu` }),
    operatorWithoutCompany: () => client({ role: 'operator' }),
    async aCompany(count = 1, overrides = {}) {
      const id = randomUUID();
      const registered = companyRegistered(id, overrides);
      const users = Array.from({ length: count }, () => aUser());
      await publishAndApply([
        registered,
        ...users.map((u, i) => userJoined(id, u, START, i === 0 ? 'admin' : 'member')),
      ]);
      return {
        id,
        name: (registered.data as { name: string }).name,
        users: users.map((u) => ({
          ...u,
          api: new ApiClient(service.url, anIdentity({ email: u.email, name: u.name, role: 'operator' })),
        })),
      };
    },
    async aLicence(company, overrides = {}) {
      const licence = aLicenceRef({ companyId: company.id });
      await publishAndApply([licenceSubmitted(licence, overrides)]);
      return licence;
    },
    publish: (events) => observer.publish(events),
    publishAndApply,
    async sql(text, params) {
      return (await db.query(text, params)).rows;
    },
    mailsWhere(predicate, count = 1) {
      return waitUntil(() => {
        const found = smtp.messages.filter(predicate);
        return found.length >= count && found;
      }, `${count} matching mail(s) at the SMTP server`);
    },
    async mailSettled() {
      await waitUntil(async () => {
        const { rows } = await db.query(
          'SELECT count(*)::int AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL',
        );
        return rows[0].n === 0;
      }, 'the e-mail outbox sent');
    },
    async stop() {
      await db.end();
      await observer.close();
      await service.stop();
      await smtp.stop();
      await vhost.drop();
      await database.drop();
    },
  };
}
