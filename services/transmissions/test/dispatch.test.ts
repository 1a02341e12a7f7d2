import type { AnyEnvelope } from '@lmp/contracts';
import { aLicenceRef, licenceSubmitted, type TestLicence } from '@lmp/testing';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/transmissions-harness';

const NOW = '2026-04-01T10:00:00.000Z';
const MOFCOM = 'mofcom-batches@mofcom.example';

type Batch = {
  id: string;
  runNumber: number;
  status: string;
  dispatchedAt: string | null;
  itemCount: number;
  fileSha256: string;
  dispatch: { attempts: number; lastError: string | null; messageId: string | null };
};

describe('POST /transmissions/batches/{id}/dispatch', () => {
  let h: Harness;
  let commission: ApiClient;
  let captured: AnyEnvelope[];
  beforeAll(async () => {
    h = await startHarness();
    h.clock.set(NOW);
    commission = h.commission();
    captured = await h.captureEvents(['LicenceTransmitted', 'TransmissionBatchDispatched']);
  });
  afterAll(async () => {
    await h.stop();
  });
  afterEach(() => h.smtp.clear());

  async function pendingLicences(count: number): Promise<TestLicence[]> {
    const made = Array.from({ length: count }, () => aLicenceRef());
    await h.publishAndApply(made.map((l) => licenceSubmitted(l)));
    return made;
  }

  async function aDraft(): Promise<Batch> {
    const response = await commission.post('/transmissions/batches', {});
    expect(response.status).toBe(201);
    return response.body;
  }

  async function batchOnceSettled(id: string, status = 'dispatched'): Promise<Batch> {
    return waitUntil(async () => {
      const batch: Batch = (await commission.get(`/transmissions/batches/${id}`)).body;
      return batch.status === status ? batch : undefined;
    }, `batch ${id} ${status}`);
  }

  const eventsOf = (batchId: string, type: string) =>
    captured.filter((e) => e.type === type && (e.data as { batchId: string }).batchId === batchId);

  const outboxRowsOf = (batchId: string, type: string) =>
    h.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->'data'->>'batchId' = $2`,
      [type, batchId],
    );

  it('e-mails the file to MOFCOM, then records one LicenceTransmitted per licence in the file and one TransmissionBatchDispatched', async () => {
    const [kept, left] = await pendingLicences(2);
    const draft = await aDraft();
    await commission.post(`/transmissions/batches/${draft.id}/items/${left!.id}/exclude`, {
      reason: 'decided meanwhile',
    });
    const file = await (await commission.download(`/transmissions/batches/${draft.id}/file`)).text();

    const response = await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/api/v1/transmissions/batches/${draft.id}`);
    expect(response.body).toMatchObject({ id: draft.id, status: 'dispatching' });
    const [mail] = await h.smtp.waitForMessages(1);
    const batch = await batchOnceSettled(draft.id);
    expect(mail!.messageId).toBe(`<batch-${draft.id}@lmp.trade.ec.europa.eu>`);
    expect(mail!.envelope.rcptTo).toEqual([MOFCOM]);
    expect(mail!.subject).toContain(`batch ${draft.runNumber} — 2026-03-30 to 2026-04-13`);
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]!.filename).toBe(
      `mofcom-batch-${String(draft.runNumber).padStart(4, '0')}.csv`,
    );
    expect(mail!.attachments[0]!.content.toString('utf8')).toBe(file);
    expect(file).toContain(kept!.licenceNumber);
    expect(file).not.toContain(left!.licenceNumber);
    expect(batch).toMatchObject({
      status: 'dispatched',
      dispatchedAt: NOW,
      dispatch: { attempts: 1, lastError: null, messageId: mail!.messageId },
    });

    const items = (await commission.get(`/transmissions/batches/${draft.id}/items?limit=500`)).body.items as {
      licenceId: string;
      licenceNumber: string;
      excluded: boolean;
    }[];
    const sent = items.filter((i) => !i.excluded);
    expect(sent).toHaveLength(batch.itemCount);
    await waitUntil(
      () =>
        eventsOf(draft.id, 'LicenceTransmitted').length === sent.length &&
        eventsOf(draft.id, 'TransmissionBatchDispatched').length === 1,
      'the dispatch events',
    );
    expect(
      eventsOf(draft.id, 'LicenceTransmitted')
        .map((e) => e.data)
        .sort((a, b) =>
          (a as { licenceId: string }).licenceId < (b as { licenceId: string }).licenceId ? -1 : 1,
        ),
    ).toEqual(
      sent
        .map((i) => ({
          licenceId: i.licenceId,
          licenceNumber: i.licenceNumber,
          batchId: draft.id,
          transmittedAt: NOW,
        }))
        .sort((a, b) => (a.licenceId < b.licenceId ? -1 : 1)),
    );
    expect(eventsOf(draft.id, 'LicenceTransmitted').map((e) => e.data)).not.toContainEqual(
      expect.objectContaining({ licenceId: left!.id }),
    );
    expect(eventsOf(draft.id, 'TransmissionBatchDispatched')[0]!.data).toEqual({
      batchId: draft.id,
      runNumber: draft.runNumber,
      kind: 'manual',
      period: '2026-03-30/2026-04-13',
      itemCount: sent.length,
      dispatchedAt: NOW,
      fileSha256: batch.fileSha256,
      messageId: mail!.messageId,
    });
    expect(await outboxRowsOf(draft.id, 'TransmissionBatchDispatched')).toEqual([{ n: 1 }]);
    expect(await outboxRowsOf(draft.id, 'LicenceTransmitted')).toEqual([{ n: sent.length }]);
    const projection = await h.sql<{ id: string; last_transmitted_at: Date | null }>(
      'SELECT id, last_transmitted_at FROM licences WHERE id = ANY($1::uuid[])',
      [[kept!.id, left!.id]],
    );
    expect(
      Object.fromEntries(projection.map((r) => [r.id, r.last_transmitted_at?.toISOString() ?? null])),
    ).toEqual({
      [kept!.id]: NOW,
      [left!.id]: null,
    });
  });

  it('answers 409 to a second dispatch of a dispatched batch, and sends nothing more', async () => {
    await pendingLicences(1);
    const draft = await aDraft();
    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);
    await batchOnceSettled(draft.id);

    const again = await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TRANSMISSION.BATCH_ALREADY_DISPATCHED');
    await h.service.dispatcher().runOnce();
    expect(h.smtp.attempts).toBe(1);
    expect(await outboxRowsOf(draft.id, 'TransmissionBatchDispatched')).toEqual([{ n: 1 }]);
  });

  it('answers 409 to the dispatch of a cancelled batch, and 404 to an unknown one', async () => {
    const draft = await aDraft();
    await commission.post(`/transmissions/batches/${draft.id}/cancel`, undefined);

    const cancelled = await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);
    const unknown = await commission.post(
      '/transmissions/batches/00000000-0000-4000-8000-000000000000/dispatch',
      undefined,
    );

    expect(cancelled.status).toBe(409);
    expect(cancelled.body.code).toBe('TRANSMISSION.BATCH_CANCELLED');
    expect(unknown.status).toBe(404);
    expect(h.smtp.attempts).toBe(0);
  });

  it('no longer lets a dispatching batch be edited or cancelled', async () => {
    const [licence] = await pendingLicences(1);
    const draft = await aDraft();
    h.smtp.holdReplies();
    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);
    await h.smtp.waitForHeld(1);

    const cancel = await commission.post(`/transmissions/batches/${draft.id}/cancel`, undefined);
    const exclude = await commission.post(`/transmissions/batches/${draft.id}/items/${licence!.id}/exclude`, {
      reason: 'too late now',
    });
    const again = await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);
    h.smtp.release();

    expect(cancel.status).toBe(409);
    expect(exclude.status).toBe(409);
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('dispatching');
    await batchOnceSettled(draft.id);
    expect(h.smtp.messages).toHaveLength(1);
  });

  it('tries again with growing waits when the server answers 451, and records the batch once it is accepted', async () => {
    await pendingLicences(1);
    const draft = await aDraft();
    h.smtp.failNext(2, { code: 451, message: 'Try again later' });

    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    const batch = await batchOnceSettled(draft.id);
    expect(h.smtp.attempts).toBe(3);
    expect(h.smtp.messages).toHaveLength(1);
    expect(batch.dispatch).toMatchObject({ attempts: 3, lastError: null });
    expect(await outboxRowsOf(draft.id, 'TransmissionBatchDispatched')).toEqual([{ n: 1 }]);
  });

  it('ends failed with the reason when the server is down for every attempt; a second POST sends it once the server is back', async () => {
    await pendingLicences(1);
    const draft = await aDraft();
    await h.smtp.stop();

    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    const failed = await batchOnceSettled(draft.id, 'failed');
    expect(failed.dispatch.attempts).toBe(5); // DISPATCH_MAX_ATTEMPTS
    expect(failed.dispatch.lastError).toMatch(/^attempt 5 of 5: .*ECONNREFUSED/);
    expect(await outboxRowsOf(draft.id, 'LicenceTransmitted')).toEqual([{ n: 0 }]);

    await h.smtp.start();
    const retried = await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'dispatching', dispatch: { lastError: null } });
    const batch = await batchOnceSettled(draft.id);
    expect(batch.dispatch.attempts).toBe(6);
    expect(h.smtp.messages).toHaveLength(1);
    expect(await outboxRowsOf(draft.id, 'TransmissionBatchDispatched')).toEqual([{ n: 1 }]);
  });

  it('never sends the e-mail again when only its record fails: the record is retried until it succeeds', async () => {
    await pendingLicences(2);
    const draft = await aDraft();
    // The database refuses to mark the batch dispatched (think: a statement timeout on a huge batch).
    await h.sql(`CREATE FUNCTION refuse_dispatched() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.status = 'dispatched' THEN RAISE EXCEPTION 'record refused for the test'; END IF; RETURN NEW; END $$`);
    await h.sql(
      `CREATE TRIGGER refuse_dispatched BEFORE UPDATE ON batches FOR EACH ROW EXECUTE FUNCTION refuse_dispatched()`,
    );
    try {
      expect((await commission.post(`/transmissions/batches/${draft.id}/dispatch`, {})).status).toBe(202);
      const stuck = await waitUntil(async () => {
        const batch: Batch = (await commission.get(`/transmissions/batches/${draft.id}`)).body;
        return batch.dispatch.lastError?.includes('recording it failed') ? batch : undefined;
      }, 'the failed record noted');
      await h.service.dispatcher().runOnce();
      await h.service.dispatcher().runOnce();

      expect(stuck).toMatchObject({ status: 'dispatching', dispatch: { sentAt: expect.any(String) } });
      expect(h.smtp.messages).toHaveLength(1);
    } finally {
      await h.sql('DROP TRIGGER refuse_dispatched ON batches');
      await h.sql('DROP FUNCTION refuse_dispatched()');
    }
    await h.service.dispatcher().runOnce();

    const done = await batchOnceSettled(draft.id);
    expect(done.dispatch).toMatchObject({ attempts: 1, lastError: null });
    expect(h.smtp.messages).toHaveLength(1);
    await waitUntil(() => eventsOf(draft.id, 'TransmissionBatchDispatched').length === 1, 'the batch event');
  });

  it('gives up at once when the server refuses the message for good (5xx)', async () => {
    await pendingLicences(1);
    const draft = await aDraft();
    h.smtp.failNext(1, { code: 550, message: 'Mailbox unavailable' });

    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    const failed = await batchOnceSettled(draft.id, 'failed');
    expect(h.smtp.attempts).toBe(1);
    expect(failed.dispatch.lastError).toMatch(/^attempt 1 of 5: .*permanent.*Mailbox unavailable/);
  });

  it('sends a batch left dispatching once, however many replicas resume it at the same time', async () => {
    await pendingLicences(2);
    const draft = await aDraft();
    // As a crash leaves it: dispatching, nothing recorded.
    await h.sql(`UPDATE batches SET status = 'dispatching', message_id = $2 WHERE id = $1`, [
      draft.id,
      `<batch-${draft.id}@lmp.trade.ec.europa.eu>`,
    ]);
    const replica = await h.startReplica(h.clock);

    await Promise.all([h.service.dispatcher().runOnce(), replica.dispatcher().runOnce()]);

    const batch = await batchOnceSettled(draft.id);
    expect(h.smtp.messages).toHaveLength(1);
    expect(batch.dispatch.attempts).toBe(1);
    expect(await outboxRowsOf(draft.id, 'TransmissionBatchDispatched')).toEqual([{ n: 1 }]);
    expect(await outboxRowsOf(draft.id, 'LicenceTransmitted')).toEqual([{ n: batch.itemCount }]);
  });
});

describe('a large batch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.clock.set(NOW);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('records 12,000 licences in the one transaction, page by page', async () => {
    await h.sql(
      `INSERT INTO licences (id, company_id, licence_number, number_normalised, application_date, submitted_at, status)
       SELECT gen_random_uuid(), gen_random_uuid(), 'CN-BIG-' || lpad(n::text, 6, '0'), 'CNBIG' || lpad(n::text, 6, '0'),
              DATE '2026-02-02', TIMESTAMPTZ '2026-03-10T10:00:00Z', 'pending'
         FROM generate_series(1, 12000) AS n`,
    );
    const commission = h.commission();
    const draft = (await commission.post('/transmissions/batches', {})).body as Batch;
    expect(draft.itemCount).toBe(12000);

    await commission.post(`/transmissions/batches/${draft.id}/dispatch`, undefined);

    await waitUntil(async () => {
      const batch: Batch = (await commission.get(`/transmissions/batches/${draft.id}`)).body;
      return batch.status === 'dispatched';
    }, 'the large batch dispatched');
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail!.attachments[0]!.content.toString('utf8').split('\r\n')).toHaveLength(12002);
    const rows = await h.sql<{ n: number; licences: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT payload->'data'->>'licenceId')::int AS licences
         FROM outbox_events WHERE type = 'LicenceTransmitted' AND payload->'data'->>'batchId' = $1`,
      [draft.id],
    );
    expect(rows).toEqual([{ n: 12000, licences: 12000 }]);
    const untouched = await h.sql(`SELECT 1 FROM licences WHERE last_transmitted_at IS NULL`);
    expect(untouched).toHaveLength(0);
  });
});

describe('BATCH_AUTO_DISPATCH=true', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BATCH_AUTO_DISPATCH: 'true' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('dispatches the scheduled batch it builds, without review', async () => {
    await h.publishAndApply([licenceSubmitted(aLicenceRef())]);
    h.clock.set('2026-03-30T07:00:30.000Z'); // 30 s after a slot

    const outcome = await h.service.scheduler().check();

    expect(outcome).toMatchObject({
      outcome: 'created',
      batch: { kind: 'scheduled', status: 'dispatching' },
    });
    const id = (outcome as { batch: Batch }).batch.id;
    const [mail] = await h.smtp.waitForMessages(1);
    expect(mail!.messageId).toBe(`<batch-${id}@lmp.trade.ec.europa.eu>`);
    await waitUntil(async () => {
      const [row] = await h.sql<{ status: string }>('SELECT status FROM batches WHERE id = $1', [id]);
      return row?.status === 'dispatched';
    }, 'the scheduled batch dispatched');
  });

  it('leaves manual batches for review', async () => {
    const draft = (await h.commission().post('/transmissions/batches', {})).body as Batch;

    await h.service.scheduler().check();

    expect((await h.commission().get(`/transmissions/batches/${draft.id}`)).body.status).toBe('draft');
  });
});
