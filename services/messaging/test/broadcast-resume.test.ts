import { randomUUID } from 'node:crypto';
import { ZMessagingConfig } from '../src/config';
import { startMessagingService } from '../src/start';
import { to } from './support/mail';
import { startHarness, waitUntil, type Harness, type TestCompany } from './support/messaging-harness';

/**
 * A broadcast is recorded (its companies fixed) and then written one chunk per transaction; here
 * one company per chunk. A request that dies between chunks leaves it incomplete: the resume
 * sweep finishes it, and whoever writes a broadcast holds its lock, so two writers never meet.
 */
describe('the broadcast resume sweep', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BROADCAST_CHUNK_SIZE: '1' } });
  });
  afterAll(() => h?.stop());

  /** Three companies of two users each, holding a licence of an exporter only they have, in the order a broadcast writes them. */
  async function threeCompanies(): Promise<{ exporter: string; companies: TestCompany[] }> {
    const exporter = `Ganzhou ${randomUUID().slice(0, 8)} Rare Earth Co.`;
    const companies: TestCompany[] = [];
    for (let i = 0; i < 3; i += 1) {
      const company = await h.aCompany(2);
      await h.aLicence(company, { exporterName: exporter, elements: ['terbium'], status: 'pending' });
      companies.push(company);
    }
    return { exporter, companies: companies.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  /** Until the returned function runs, Postgres refuses a broadcast's message to this company (its chunk rolls back). */
  async function refuseBroadcastsTo(company: TestCompany): Promise<() => Promise<void>> {
    const name = `refuse_broadcast_${company.id.replace(/-/g, '')}`;
    await h.sql(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.broadcast_id IS NOT NULL
           AND (SELECT company_id FROM threads WHERE id = NEW.thread_id) = '${company.id}' THEN
          RAISE EXCEPTION 'simulated failure of a broadcast chunk';
        END IF;
        RETURN NEW;
      END $$`);
    await h.sql(`CREATE TRIGGER ${name} BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await h.sql(`DROP TRIGGER ${name} ON messages`);
      await h.sql(`DROP FUNCTION ${name}()`);
    };
  }

  const broadcastOf = async (subject: string) =>
    (await h.sql('SELECT id, completed_at FROM broadcasts WHERE subject = $1', [subject]))[0] as
      { id: string; completed_at: Date | null } | undefined;

  /** Messages of the broadcast per company, for the given companies (0 where none). */
  async function messagesPerCompany(broadcastId: string, companies: TestCompany[]): Promise<number[]> {
    const rows = await h.sql<{ company_id: string; n: number }>(
      `SELECT t.company_id, count(*)::int AS n FROM messages m JOIN threads t ON t.id = m.thread_id
        WHERE m.broadcast_id = $1 GROUP BY t.company_id`,
      [broadcastId],
    );
    return companies.map((c) => rows.find((r) => r.company_id === c.id)?.n ?? 0);
  }

  /** Once the outbox is empty: how many e-mails with this subject each user of the companies got. */
  async function mailsPerUser(subject: string, companies: TestCompany[]): Promise<number[]> {
    await h.mailSettled();
    const mails = h.smtp.messages.filter((m) => m.subject?.includes(subject));
    return companies.flatMap((c) => c.users.map((u) => mails.filter(to(u.email)).length));
  }

  const input = (exporter: string, subject: string) => ({
    filter: { exporter: exporter.split(' ')[1]! },
    subject,
    body: 'Please confirm the end use of your terbium before 20 March.',
  });

  it('finishes a broadcast whose request died after its first chunk: one message per company, one e-mail per user', async () => {
    const { exporter, companies } = await threeCompanies();
    const subject = `End-use check ${randomUUID().slice(0, 8)}`;
    const stopRefusing = await refuseBroadcastsTo(companies[1]!);
    try {
      const died = await h.commission().post('/messages/broadcasts', input(exporter, subject));
      expect(died.status).toBe(500);
    } finally {
      await stopRefusing();
    }
    const left = (await broadcastOf(subject))!;
    expect(left.completed_at).toBeNull();
    expect(await messagesPerCompany(left.id, companies)).toEqual([1, 0, 0]);

    await h.service.broadcastResume().runOnce();

    expect((await broadcastOf(subject))!.completed_at).not.toBeNull();
    expect(await messagesPerCompany(left.id, companies)).toEqual([1, 1, 1]);
    expect(await mailsPerUser(subject, companies)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const company of companies) {
      const thread = (await company.users[0]!.api.get('/me/company/messages')).body;
      expect(thread.messages).toEqual([expect.objectContaining({ subject, broadcastId: left.id })]);
      expect(thread.unread).toBe(1);
    }

    await h.service.broadcastResume().runOnce(); // a later sweep: nothing left to write
    expect(await messagesPerCompany(left.id, companies)).toEqual([1, 1, 1]);
    expect(await mailsPerUser(subject, companies)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('writes one message per company and one e-mail per user when a retry and two replicas’ sweeps finish it at once', async () => {
    const { exporter, companies } = await threeCompanies();
    const subject = `Terbium stocks ${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const stopRefusing = await refuseBroadcastsTo(companies[1]!);
    let first: { id: string };
    try {
      const died = await h.commission().post('/messages/broadcasts', input(exporter, subject), {
        'idempotency-key': key,
      });
      expect(died.status).toBe(500);
      first = (await broadcastOf(subject))!;
    } finally {
      await stopRefusing();
    }
    const replica = await startMessagingService(ZMessagingConfig.parse(h.env), { clock: h.clock.now });
    try {
      const [retried] = await Promise.all([
        h.commission().post('/messages/broadcasts', input(exporter, subject), { 'idempotency-key': key }),
        h.service.broadcastResume().runOnce(),
        replica.broadcastResume().runOnce(),
      ]);
      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ id: first.id, companies: 3, licences: 3 });
    } finally {
      await replica.stop();
    }
    expect((await broadcastOf(subject))!.completed_at).not.toBeNull();
    expect(await messagesPerCompany(first.id, companies)).toEqual([1, 1, 1]);
    expect(await mailsPerUser(subject, companies)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('skips a broadcast its request is still writing, and the request finishes it alone', async () => {
    const { exporter, companies } = await threeCompanies();
    const subject = `MOFCOM update ${randomUUID().slice(0, 8)}`;
    const release = await holdBroadcastMessages();
    const sending = h.commission().post('/messages/broadcasts', input(exporter, subject));
    try {
      const recorded = await waitUntil(() => broadcastOf(subject), 'the broadcast recorded');

      const swept = await h.service.broadcastResume().runOnce();

      expect(swept).toContainEqual({ broadcastId: recorded.id, state: 'busy' });
      expect(await messagesPerCompany(recorded.id, companies)).toEqual([0, 0, 0]);
    } finally {
      await release();
    }
    const sent = await sending;
    expect(sent.status).toBe(201);
    expect(await messagesPerCompany(sent.body.id, companies)).toEqual([1, 1, 1]);
    expect(await mailsPerUser(subject, companies)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  /**
   * Until the returned function runs, a broadcast's first message waits inside its chunk's
   * transaction (on an advisory lock this test holds): its request is stuck mid-delivery.
   */
  async function holdBroadcastMessages(): Promise<() => Promise<void>> {
    await h.sql(`SELECT pg_advisory_lock(hashtext('test.hold-broadcast-messages'))`);
    await h.sql(`
      CREATE FUNCTION hold_broadcast_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.broadcast_id IS NOT NULL THEN
          PERFORM pg_advisory_xact_lock_shared(hashtext('test.hold-broadcast-messages'));
        END IF;
        RETURN NEW;
      END $$`);
    await h.sql(
      'CREATE TRIGGER hold_broadcast_messages BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION hold_broadcast_messages()',
    );
    return async () => {
      await h.sql(`SELECT pg_advisory_unlock(hashtext('test.hold-broadcast-messages'))`);
      await h.sql('DROP TRIGGER hold_broadcast_messages ON messages');
      await h.sql('DROP FUNCTION hold_broadcast_messages()');
    };
  }
});
