import { randomUUID } from 'node:crypto';
import { startHarness, waitUntil, type Harness, type TestCompany } from './support/messaging-harness';

describe('POST /messages/broadcasts', () => {
  let h: Harness;
  let exporter: string;
  let dysprosiumPendingDE: TestCompany;
  let secondMatch: TestCompany;
  let grantedOnly: TestCompany;
  let otherExporter: TestCompany;
  beforeAll(async () => {
    h = await startHarness();
    // A unique exporter name per run, so the filter reaches only this suite's companies.
    exporter = `Baotou ${randomUUID().slice(0, 8)} Magnetics Co., Ltd.`;
    dysprosiumPendingDE = await h.aCompany(2, { memberState: 'DE' });
    await h.aLicence(dysprosiumPendingDE, {
      exporterName: exporter,
      elements: ['dysprosium'],
      status: 'pending',
    });
    await h.aLicence(dysprosiumPendingDE, {
      exporterName: exporter,
      elements: ['dysprosium', 'terbium'],
      status: 'pending',
    });
    secondMatch = await h.aCompany(1, { memberState: 'FR' });
    await h.aLicence(secondMatch, {
      exporterName: exporter.toUpperCase(),
      elements: ['dysprosium'],
      urgent: true,
    });
    grantedOnly = await h.aCompany(1, { memberState: 'DE' });
    await h.aLicence(grantedOnly, {
      exporterName: exporter,
      elements: ['dysprosium'],
      status: 'granted',
      decisionDate: '2026-02-20',
    });
    otherExporter = await h.aCompany(1, { memberState: 'DE' });
    await h.aLicence(otherExporter, { exporterName: 'Another Exporter Ltd.', elements: ['dysprosium'] });
  });
  afterAll(() => h?.stop());

  const part = () => exporter.split(' ')[1]!;

  it.each([
    [{ status: 'pending' }, 2, 3],
    [{ status: 'pending', memberState: 'DE' }, 1, 2],
    [{ element: 'terbium' }, 1, 1],
    [{ urgent: true }, 1, 1],
    [{}, 3, 4],
  ])(
    'answers a dry run with %j: %i companies, %i licences, writing nothing',
    async (filter, companies, licences) => {
      const response = await h.commission().post('/messages/broadcasts', {
        filter: { exporter: part(), ...filter },
        subject: 'Dry run',
        body: 'Not sent',
        dryRun: true,
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ dryRun: true, companies, licences });
      expect(await h.sql(`SELECT 1 FROM messages WHERE subject = 'Dry run'`)).toEqual([]);
    },
  );

  it('writes one message in each matching company’s general thread, once, even when retried', async () => {
    const commission = h.commission();
    const key = randomUUID();
    const input = {
      filter: { exporter: part(), status: 'pending' },
      subject: 'MOFCOM meeting on 12 March',
      body: 'We will raise your pending licences with MOFCOM. Please update their status.',
    };
    const sent = await commission.post('/messages/broadcasts', input, { 'idempotency-key': key });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ companies: 2, licences: 3, subject: input.subject });

    const retried = await commission.post('/messages/broadcasts', input, { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(sent.body.id);

    for (const company of [dysprosiumPendingDE, secondMatch]) {
      const thread = (await company.users[0]!.api.get('/me/company/messages')).body;
      expect(thread.messages).toEqual([
        expect.objectContaining({
          subject: input.subject,
          body: input.body,
          broadcastId: sent.body.id,
          author: { side: 'commission', name: 'the Commission' },
        }),
      ]);
      expect(thread.unread).toBe(1);
    }
    for (const company of [grantedOnly, otherExporter]) {
      expect((await company.users[0]!.api.get('/me/company/messages')).body.messages).toEqual([]);
    }
    const listed = (await commission.get('/messages/broadcasts')).body.items;
    expect(listed[0]).toMatchObject({ id: sent.body.id, companies: 2, licences: 3 });

    const reused = await commission.post(
      '/messages/broadcasts',
      { ...input, body: 'Something else' },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.type).toContain('idempotency-key-reused');
  });

  it('refuses the second of two different broadcasts sent at once with one Idempotency-Key, as a key reused', async () => {
    const key = randomUUID();
    const subjects = [`Quota ${randomUUID().slice(0, 8)}`, `Audit ${randomUUID().slice(0, 8)}`];
    const input = (subject: string) => ({
      filter: { exporter: part(), memberState: 'FR' },
      subject,
      body: `About: ${subject}`,
    });
    // Both requests have looked for the key (not there yet) before either records its broadcast.
    const release = await holdBroadcastInserts();
    const sending = Promise.all(
      subjects.map((s) => h.commission().post('/messages/broadcasts', input(s), { 'idempotency-key': key })),
    );
    try {
      await waitUntil(async () => (await insertsHeld()) === 2, 'both requests recording their broadcast');
    } finally {
      await release();
    }
    const answers = await sending;

    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const sent = answers.find((a) => a.status === 201)!;
    const refused = answers.find((a) => a.status === 422)!;
    expect(refused.body.type).toContain('idempotency-key-reused');
    const loser = subjects.find((s) => s !== sent.body.subject)!;
    expect(await h.sql('SELECT id, subject FROM broadcasts WHERE idempotency_key = $1', [key])).toEqual([
      { id: sent.body.id, subject: sent.body.subject },
    ]);
    expect(await h.sql('SELECT 1 FROM messages WHERE subject = $1', [loser])).toEqual([]);
    const thread = (await secondMatch.users[0]!.api.get('/me/company/messages')).body;
    expect(thread.messages.filter((m: { subject: string }) => subjects.includes(m.subject))).toEqual([
      expect.objectContaining({ subject: sent.body.subject, broadcastId: sent.body.id }),
    ]);
  });

  /**
   * Until the returned function runs, recording a broadcast waits inside its INSERT (on an
   * advisory lock this test holds), after its request has looked for its Idempotency-Key.
   */
  async function holdBroadcastInserts(): Promise<() => Promise<void>> {
    await h.sql(`SELECT pg_advisory_lock(hashtext('test.hold-broadcast-inserts'))`);
    await h.sql(`
      CREATE FUNCTION hold_broadcast_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext('test.hold-broadcast-inserts'));
        RETURN NEW;
      END $$`);
    await h.sql(
      'CREATE TRIGGER hold_broadcast_inserts BEFORE INSERT ON broadcasts FOR EACH ROW EXECUTE FUNCTION hold_broadcast_inserts()',
    );
    return async () => {
      await h.sql(`SELECT pg_advisory_unlock(hashtext('test.hold-broadcast-inserts'))`);
      await h.sql('DROP TRIGGER hold_broadcast_inserts ON broadcasts');
      await h.sql('DROP FUNCTION hold_broadcast_inserts()');
    };
  }

  /** Requests whose INSERT of a broadcast waits on that lock. */
  const insertsHeld = async () =>
    (
      await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO broadcasts%'`,
      )
    )[0]!.n;

  it('e-mails each user of the companies reached', async () => {
    const subject = `Broadcast ${randomUUID().slice(0, 8)}`;
    await h.commission().post('/messages/broadcasts', {
      filter: { exporter: part(), memberState: 'FR' },
      subject,
      body: 'To France',
    });
    await h.mailSettled();
    const mine = await h.mailsWhere((m) => m.text?.includes('To France') ?? false);
    expect(mine.map((m) => m.envelope.rcptTo)).toEqual([[secondMatch.users[0]!.email]]);
    expect(mine[0]!.subject).toContain(subject);
  });

  it('refuses a broadcast whose filter matches no company, recording nothing; its dry run answers 0/0', async () => {
    const subject = `Nobody ${randomUUID().slice(0, 8)}`;
    const input = { filter: { exporter: part(), status: 'refused' }, subject, body: 'Nobody reads this' };

    const refused = await h.commission().post('/messages/broadcasts', input);

    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([
      { field: 'filter', message: 'matches no company holding a licence' },
    ]);
    expect(await h.sql('SELECT id FROM broadcasts WHERE subject = $1', [subject])).toEqual([]);
    const dryRun = await h.commission().post('/messages/broadcasts', { ...input, dryRun: true });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toEqual({ dryRun: true, companies: 0, licences: 0 });
  });

  it('is the Commission’s only, and refuses a bad filter with 422 naming the fields', async () => {
    const operator = dysprosiumPendingDE.users[0]!.api;
    expect((await operator.post('/messages/broadcasts', { subject: 'x', body: 'y' })).status).toBe(403);
    expect((await operator.get('/messages/broadcasts')).status).toBe(403);
    const bad = await h.commission().post('/messages/broadcasts', {
      filter: { element: 'unobtainium', memberState: 'XX', colour: 'red' },
      subject: '',
      body: 'y',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['filter.colour', 'filter.element', 'filter.memberState', 'subject'].sort(),
    );
  });
});
