import { identityAudience, type Identity } from '@lmp/auth';
import {
  aCompany,
  aLicence,
  anIdentity,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  JsonApiClient,
  startServiceProcess,
  startTestSmtpServer,
  waitUntil,
  type ServiceProcess,
  type TestDatabase,
  type TestSmtpServer,
  type TestVhost,
} from '@lmp/testing';
import pg from 'pg';

// The exactly-once promise, with real processes: the transmissions service is killed (SIGKILL)
// after MOFCOM's server has the whole e-mail and before it has answered 250, so before the batch
// is recorded. The restarted service sends it again, with the same Message-ID, and records it
// once; the licences service (a process of its own, on the same broker) counts it once.
jest.setTimeout(120_000);

const client = (url: string, identity: Identity, audience: string) =>
  new JsonApiClient(url, () => identityHeaders(identity, { audience }));

describe('a crash between sending a batch and recording it', () => {
  let licencesDb: TestDatabase;
  let transmissionsDb: TestDatabase;
  let vhost: TestVhost;
  let smtp: TestSmtpServer;
  let licences: ServiceProcess;
  let transmissions: ServiceProcess | undefined;
  let sql: pg.Client;
  let transmissionsEnv: Record<string, string>;

  beforeAll(async () => {
    [licencesDb, transmissionsDb, vhost, smtp] = await Promise.all([
      createTestDatabase({ services: ['licences'] }),
      createTestDatabase({ services: ['transmissions'] }),
      createTestVhost(),
      startTestSmtpServer(),
    ]);
    const common = {
      RABBITMQ_URL: vhost.url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      OUTBOX_POLL_INTERVAL_MS: '200',
      METRICS_PORT: '0',
    };
    transmissionsEnv = {
      ...common,
      DATABASE_URL: transmissionsDb.urlFor('transmissions'),
      SMTP_URL: smtp.url,
      // No scheduled batch in this test: the first slot is far ahead.
      BATCH_ANCHOR_DATE: '2099-01-05',
      DISPATCH_RETRY_BASE_MS: '50',
    };
    [licences, transmissions] = await Promise.all([
      startServiceProcess({
        workspace: 'services/licences',
        env: { ...common, DATABASE_URL: licencesDb.urlFor('licences') },
      }),
      startServiceProcess({ workspace: 'services/transmissions', env: transmissionsEnv }),
    ]);
    sql = new pg.Client({ connectionString: transmissionsDb.urlFor('transmissions') });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await transmissions?.stop();
    await licences?.stop();
    await smtp?.stop();
    await vhost?.drop();
    await Promise.all([licencesDb?.drop(), transmissionsDb?.drop()]);
  });

  it('sends the batch again with the same Message-ID after a restart, and every licence counts it once', async () => {
    // Arrange: an operator registers two licences with the licences service; their events reach
    // the transmissions service's projection through the broker.
    const operator = client(licences.url, anIdentity(), identityAudience('licences'));
    expect((await operator.put('/me/company', aCompany())).status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await operator.post('/licences', aLicence());
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    await waitUntil(async () => {
      const { rows } = await sql.query('SELECT id FROM licences WHERE id = ANY($1::uuid[])', [ids]);
      return rows.length === 2;
    }, 'both licences in the transmissions projection');
    const commissionIdentity = anIdentity({ role: 'commission', email: 'analyst-crash@ec.europa.eu' });
    const commission = () =>
      client(transmissions!.url, commissionIdentity, identityAudience('transmissions'));
    const first = (await commission().post('/transmissions/batches', {})).body;
    expect(first.itemCount).toBe(2);

    // Act: the server takes the whole message and holds its answer; the service dies meanwhile.
    smtp.holdReplies();
    expect((await commission().post(`/transmissions/batches/${first.id}/dispatch`, undefined)).status).toBe(
      202,
    );
    await smtp.waitForHeld(1);
    process.kill(-transmissions!.pid, 'SIGKILL');
    await transmissions!.stop();
    smtp.release(); // MOFCOM's server kept (delivered) the first copy
    const [left] = (await sql.query('SELECT status FROM batches WHERE id = $1', [first.id])).rows;
    expect(left.status).toBe('dispatching');
    transmissions = await startServiceProcess({ workspace: 'services/transmissions', env: transmissionsEnv });

    // Assert: sent again, same Message-ID, recorded once.
    const recorded = await waitUntil(async () => {
      const batch = (await commission().get(`/transmissions/batches/${first.id}`)).body;
      return batch.status === 'dispatched' ? batch : undefined;
    }, 'the batch dispatched after the restart');
    expect(recorded.dispatch.attempts).toBe(2);
    const mails = await smtp.waitForMessages(2);
    expect(mails.map((m) => m.messageId)).toEqual([
      `<batch-${first.id}@lmp.trade.ec.europa.eu>`,
      `<batch-${first.id}@lmp.trade.ec.europa.eu>`,
    ]);
    const { rows: outbox } = await sql.query(
      `SELECT payload->'data'->>'licenceId' AS licence FROM outbox_events
        WHERE type = 'LicenceTransmitted' AND payload->'data'->>'batchId' = $1`,
      [first.id],
    );
    expect(outbox.map((r) => r.licence).sort()).toEqual([...ids].sort());
    const countsAre = (count: number) =>
      waitUntil(async () => {
        const counts = await Promise.all(
          ids.map(async (id) => (await operator.get(`/licences/${id}`)).body.transmissions.count),
        );
        return counts.every((c) => c === count) ? counts : undefined;
      }, `transmission counts of ${count}`);
    expect(await countsAre(1)).toEqual([1, 1]);

    // A second batch counts once more: 2, never 3.
    const second = (await commission().post('/transmissions/batches', {})).body;
    await commission().post(`/transmissions/batches/${second.id}/dispatch`, undefined);
    expect(await countsAre(2)).toEqual([2, 2]);
    const final = await Promise.all(ids.map(async (id) => (await operator.get(`/licences/${id}`)).body));
    expect(final.map((l) => l.transmissions.dates.length)).toEqual([2, 2]);
  });
});
