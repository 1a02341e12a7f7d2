import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { newEvent, type AnyEnvelope } from '@lmp/contracts';
import { TRANSMISSION_EVENTS_QUEUE } from '../src/entry-points/message-queue/transmission-events.consumer';
import { aLicence } from './support/builders';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';

const meta = { correlationId: 'batch-run', actor: { type: 'system' as const, id: 'transmissions' } };

function transmitted(
  licence: { id: string; licenceNumber: string },
  batchId: string,
  at: string,
): AnyEnvelope {
  return newEvent(
    'LicenceTransmitted',
    { licenceId: licence.id, licenceNumber: licence.licenceNumber, batchId, transmittedAt: at },
    meta,
  );
}

describe('LicenceTransmitted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function transmissionsOf(operator: ApiClient, id: string, count: number) {
    return waitUntil(async () => {
      const licence = (await operator.get(`/licences/${id}`)).body;
      return licence.transmissions.count === count ? licence.transmissions : undefined;
    }, `${count} transmissions`);
  }

  it('shows when and how many times the Commission transmitted a licence', async () => {
    const operator = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;

    await h.publish([
      transmitted(licence, randomUUID(), '2025-11-03T08:00:00.000Z'),
      transmitted(licence, randomUUID(), '2025-11-17T08:00:00.000Z'),
    ]);

    expect(await transmissionsOf(operator, licence.id, 2)).toEqual({
      count: 2,
      dates: ['2025-11-03T08:00:00.000Z', '2025-11-17T08:00:00.000Z'],
    });
  });

  it('gives the licence a new ETag when it is transmitted, without making an edit based on the old one stale', async () => {
    const operator = await h.operatorWithCompany();
    const created = await operator.post('/licences', aLicence());
    const before = created.headers.get('etag')!;

    await h.publish([transmitted(created.body, randomUUID(), '2025-11-03T08:00:00.000Z')]);
    await transmissionsOf(operator, created.body.id, 1);

    expect((await operator.get(`/licences/${created.body.id}`, { 'if-none-match': before })).status).toBe(
      200,
    );
    const edit = await operator.patch(
      `/licences/${created.body.id}`,
      { status: 'processing' },
      { 'if-match': before },
    );
    expect(edit.status).toBe(200);
  });

  it('applies an event delivered twice once, and the same batch reported twice once', async () => {
    const operator = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;
    const batchId = randomUUID();
    const event = transmitted(licence, batchId, '2025-12-01T08:00:00.000Z');
    const sameBatchNewEvent = transmitted(licence, batchId, '2025-12-01T08:00:00.000Z');
    const otherBatch = transmitted(licence, randomUUID(), '2025-12-15T08:00:00.000Z');

    await h.publish([event, event, sameBatchNewEvent, otherBatch]);
    // Every delivery handled and acked (handlers run concurrently, so no event can serve as a
    // marker for the others): only then is the count final.
    await waitUntil(
      async () => (await h.vhost.messagesIn(TRANSMISSION_EVENTS_QUEUE)) === 0,
      'the queue drained',
    );

    const result = await transmissionsOf(operator, licence.id, 2);
    expect(result.dates).toEqual(['2025-12-01T08:00:00.000Z', '2025-12-15T08:00:00.000Z']);
    const db = new pg.Client({ connectionString: h.database.urlFor('licences') });
    await db.connect();
    const applied = await db.query(
      'SELECT event_id FROM licences.processed_events WHERE event_id = ANY($1::uuid[])',
      [[event.id, sameBatchNewEvent.id, otherBatch.id]],
    );
    await db.end();
    expect(applied.rows).toHaveLength(3);
  });

  it('dead-letters an event whose data is invalid at once, without retrying it', async () => {
    const operator = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;
    const invalid = {
      ...transmitted(licence, randomUUID(), '2025-12-01T08:00:00.000Z'),
      data: { licenceId: licence.id, batchId: 'not-a-uuid' },
    } as AnyEnvelope;

    await h.publish([invalid]);

    const dlq = `${TRANSMISSION_EVENTS_QUEUE}.dlq`;
    await waitUntil(async () => (await h.vhost.messagesIn(dlq)) === 1, 'the invalid event dead-lettered');
    const dead = await h.vhost.takeMessage(dlq);
    expect(dead?.body).toMatchObject({ id: invalid.id });
    // Rejected on its first delivery, not dead-lettered after exhausting the delivery limit.
    const [death] = dead!.headers['x-death'] as { reason: string; count: number }[];
    expect(death).toMatchObject({ reason: 'rejected', count: 1 });
    expect((await operator.get(`/licences/${licence.id}`)).body.transmissions.count).toBe(0);
  });
});

describe('industry confirmation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function feedbackFor(
    operator: ApiClient,
    licence: { id: string },
    licenceNumber: string,
    status: string,
    date: string | null,
  ) {
    await h.publish([
      newEvent(
        'MofcomFeedbackReceived',
        { feedbackId: randomUUID(), licenceNumber, status: status as 'granted', date },
        meta,
      ),
    ]);
    return waitUntil(async () => {
      const open = (await operator.get('/confirmations')).body.items;
      return open.find((c: { licenceId: string }) => c.licenceId === licence.id);
    }, 'a confirmation request');
  }

  it('asks the holding company to confirm what MOFCOM reported, and applies the confirmation', async () => {
    const capture = await h.captureEvents(['IndustryConfirmationRecorded']);
    const operator = await h.operatorWithCompany();
    const other = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;

    const request = await feedbackFor(
      operator,
      licence,
      licence.licenceNumber.toLowerCase(),
      'granted',
      '2025-10-20',
    );

    expect(request).toMatchObject({
      licenceId: licence.id,
      reportedStatus: 'granted',
      reportedDate: '2025-10-20',
    });
    expect((await other.get('/confirmations')).body.items).toEqual([]);
    expect((await other.post(`/confirmations/${request.id}`, { decision: 'confirm' })).status).toBe(404);
    const detail = (await operator.get(`/licences/${licence.id}`)).body;
    expect(detail.openConfirmations).toEqual([expect.objectContaining({ id: request.id })]);

    const answer = await operator.post(`/confirmations/${request.id}`, { decision: 'confirm' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'granted', decisionDate: '2025-10-20' });
    expect((await operator.get('/confirmations')).body.items).toEqual([]);
    const recorded = await capture.waitFor((e) => (e.data as any).confirmationId === request.id);
    expect(recorded.data).toMatchObject({
      decision: 'confirm',
      reportedStatus: 'granted',
      confirmedStatus: 'granted',
    });
    expect((await operator.post(`/confirmations/${request.id}`, { decision: 'confirm' })).status).toBe(404);
  });

  it('lets the operator confirm a decision MOFCOM reported without its date by giving the date', async () => {
    const operator = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;
    const request = await feedbackFor(operator, licence, licence.licenceNumber, 'refused', null);

    const withoutDate = await operator.post(`/confirmations/${request.id}`, { decision: 'confirm' });
    const withDate = await operator.post(`/confirmations/${request.id}`, {
      decision: 'confirm',
      decisionDate: '2025-10-01',
    });

    expect(withoutDate.status).toBe(422);
    expect(withDate.body).toMatchObject({ status: 'refused', decisionDate: '2025-10-01' });
  });

  it('records a correction with its comment', async () => {
    const operator = await h.operatorWithCompany();
    const licence = (await operator.post('/licences', aLicence())).body;
    const request = await feedbackFor(operator, licence, licence.licenceNumber, 'granted', '2025-10-20');

    const missingComment = await operator.post(`/confirmations/${request.id}`, {
      decision: 'correct',
      status: 'processing',
    });
    const answer = await operator.post(`/confirmations/${request.id}`, {
      decision: 'correct',
      status: 'processing',
      comment: 'The supplier has not received the licence yet',
    });

    expect(missingComment.status).toBe(422);
    expect(answer.body).toMatchObject({ status: 'processing', decisionDate: null });
    const history = (await operator.get(`/licences/${licence.id}/history`)).body;
    expect(history).toHaveLength(2);
    expect(history[1].changes.status).toEqual({ from: 'pending', to: 'processing' });
  });
});
