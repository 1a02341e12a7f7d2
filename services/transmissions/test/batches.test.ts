import { randomUUID } from 'node:crypto';
import { aLicenceRef, licenceStatusChanged, licenceSubmitted, type TestLicence } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/transmissions-harness';

const NOW = '2026-04-01T10:00:00.000Z';

describe('batches to MOFCOM', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    h.clock.set(NOW);
    commission = h.commission();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Licences in the projection, each with its status and urgency, through the licences service's events. */
  async function licences(
    specs: {
      status?: 'pending' | 'processing' | 'granted' | 'refused';
      urgent?: boolean;
      submittedAt?: string;
    }[],
  ) {
    const made: TestLicence[] = [];
    const events = [];
    for (const spec of specs) {
      const licence = aLicenceRef();
      made.push(licence);
      events.push(
        licenceSubmitted(licence, {
          urgent: spec.urgent ?? false,
          submittedAt: spec.submittedAt ?? '2026-03-10T10:00:00.000Z',
        }),
      );
      if (spec.status && spec.status !== 'pending') {
        events.push(licenceStatusChanged(licence, { version: 2, from: 'pending', to: spec.status }));
      }
    }
    await h.publishAndApply(events);
    return made;
  }

  async function itemIdsOf(batchId: string): Promise<string[]> {
    const items = (await commission.get(`/transmissions/batches/${batchId}/items?limit=500`)).body.items;
    return items.map((i: { licenceId: string }) => i.licenceId);
  }

  describe('POST /transmissions/batches', () => {
    it('builds a draft with every pending and processing licence, also those sent before; never granted or refused ones', async () => {
      const [pending, processing, granted, refused, sentBefore] = await licences([
        { status: 'pending' },
        { status: 'processing' },
        { status: 'granted' },
        { status: 'refused' },
        { status: 'pending' },
      ]);
      await h.sql(`UPDATE licences SET last_transmitted_at = $2 WHERE id = $1`, [
        sentBefore!.id,
        '2026-03-31T08:00:00Z',
      ]);

      const response = await commission.post('/transmissions/batches', {});

      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`/api/v1/transmissions/batches/${response.body.id}`);
      expect(response.body).toMatchObject({
        kind: 'manual',
        status: 'draft',
        slot: null,
        cutOff: NOW,
        late: false,
        period: '2026-03-30/2026-04-13',
        excludedCount: 0,
        dispatchedAt: null,
        dispatch: { attempts: 0, lastError: null, messageId: null },
      });
      expect(response.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      const ids = await itemIdsOf(response.body.id);
      expect(ids).toEqual(expect.arrayContaining([pending!.id, processing!.id, sentBefore!.id]));
      expect(ids).not.toContain(granted!.id);
      expect(ids).not.toContain(refused!.id);
      expect(response.body.itemCount).toBe(ids.length);
    });

    it('leaves out a licence submitted after the cut-off', async () => {
      const [late] = await licences([{ submittedAt: '2026-04-01T10:00:00.001Z' }]);

      const batch = (await commission.post('/transmissions/batches', {})).body;

      expect(await itemIdsOf(batch.id)).not.toContain(late!.id);
    });

    it('builds an urgent batch of the urgent pending and processing licences not sent in the last 7 days', async () => {
      const [neverSent, sentLongAgo, sentRecently, notUrgent, urgentGranted, urgentProcessing] =
        await licences([
          { urgent: true },
          { urgent: true },
          { urgent: true },
          { urgent: false },
          { urgent: true, status: 'granted' },
          { urgent: true, status: 'processing' },
        ]);
      await h.sql(`UPDATE licences SET last_transmitted_at = $2 WHERE id = $1`, [
        sentLongAgo!.id,
        '2026-03-25T09:59:59Z',
      ]);
      await h.sql(`UPDATE licences SET last_transmitted_at = $2 WHERE id = $1`, [
        sentRecently!.id,
        '2026-03-25T10:00:01Z',
      ]);

      const response = await commission.post('/transmissions/batches', { urgentOnly: true });

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ kind: 'urgent', status: 'draft' });
      const ids = await itemIdsOf(response.body.id);
      expect(ids).toEqual(expect.arrayContaining([neverSent!.id, sentLongAgo!.id, urgentProcessing!.id]));
      for (const left of [sentRecently, notUrgent, urgentGranted]) expect(ids).not.toContain(left!.id);
    });

    it('leaves out of an urgent batch the licences already waiting in another urgent draft', async () => {
      const [urgent] = await licences([{ urgent: true }]);
      const first = await commission.post('/transmissions/batches', { urgentOnly: true });
      expect(await itemIdsOf(first.body.id)).toContain(urgent!.id);

      const second = await commission.post('/transmissions/batches', { urgentOnly: true });

      expect(await itemIdsOf(second.body.id)).not.toContain(urgent!.id);
      // Once the first is cancelled, the licence is free for the next urgent batch again.
      await commission.post(`/transmissions/batches/${first.body.id}/cancel`, {});
      const third = await commission.post('/transmissions/batches', { urgentOnly: true });
      expect(await itemIdsOf(third.body.id)).toContain(urgent!.id);
    });

    it('numbers batches 1, 2, 3… without gaps across kinds', async () => {
      const before = (await commission.get('/transmissions/batches?limit=1')).body.items[0]?.runNumber ?? 0;

      const runs = [];
      for (const body of [{}, { urgentOnly: true }, {}]) {
        runs.push((await commission.post('/transmissions/batches', body)).body.runNumber);
      }

      expect(runs).toEqual([before + 1, before + 2, before + 3]);
    });

    it('refuses an unknown field', async () => {
      const response = await commission.post('/transmissions/batches', { urgent: true });

      expect(response.status).toBe(422);
    });
  });

  describe('GET /transmissions/batches', () => {
    it('lists batches newest first, in pages', async () => {
      const ids = [];
      for (let i = 0; i < 3; i++) {
        h.clock.set(`2026-04-02T10:00:0${i}.000Z`);
        ids.push((await commission.post('/transmissions/batches', {})).body.id);
      }

      const first = (await commission.get('/transmissions/batches?limit=2')).body;
      const second = (await commission.get(`/transmissions/batches?limit=2&cursor=${first.nextCursor}`)).body;

      expect(first.items.map((b: { id: string }) => b.id)).toEqual([ids[2], ids[1]]);
      expect(second.items[0].id).toBe(ids[0]);
      h.clock.set(NOW);
    });

    it('refuses a forged cursor', async () => {
      expect((await commission.get('/transmissions/batches?cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
    });
  });

  describe('GET /transmissions/batches/{id}/items', () => {
    it('pages through the items in file order', async () => {
      await licences([{}, {}, {}]);
      const batch = (await commission.post('/transmissions/batches', {})).body;

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (
          await commission.get(
            `/transmissions/batches/${batch.id}/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          )
        ).body;
        seen.push(...page.items.map((i: { licenceNumber: string }) => i.licenceNumber));
        cursor = page.nextCursor;
      } while (cursor);

      expect(seen).toHaveLength(batch.itemCount);
      expect([...seen].sort()).toEqual(seen);
    });

    it('answers 404 for a batch that does not exist', async () => {
      expect((await commission.get(`/transmissions/batches/${randomUUID()}/items`)).status).toBe(404);
      expect((await commission.get(`/transmissions/batches/not-an-id`)).status).toBe(404);
    });
  });

  describe('POST /transmissions/batches/{id}/items/{licenceId}/exclude', () => {
    it('leaves one licence out of the draft, with its reason; the counts and the file fingerprint follow', async () => {
      const [keep, leave] = await licences([{}, {}]);
      const batch = (await commission.post('/transmissions/batches', {})).body;

      const response = await commission.post(
        `/transmissions/batches/${batch.id}/items/${leave!.id}/exclude`,
        {
          reason: 'Granted on 31 March, reported by phone',
        },
      );

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        licenceId: leave!.id,
        excluded: true,
        exclusionReason: 'Granted on 31 March, reported by phone',
      });
      const after = (await commission.get(`/transmissions/batches/${batch.id}`)).body;
      expect(after).toMatchObject({ itemCount: batch.itemCount - 1, excludedCount: 1 });
      expect(after.fileSha256).not.toBe(batch.fileSha256);
      const file = await (await commission.download(`/transmissions/batches/${batch.id}/file`)).text();
      expect(file).toContain(keep!.licenceNumber);
      expect(file).not.toContain(leave!.licenceNumber);
    });

    it('needs a reason', async () => {
      const [licence] = await licences([{}]);
      const batch = (await commission.post('/transmissions/batches', {})).body;

      const response = await commission.post(
        `/transmissions/batches/${batch.id}/items/${licence!.id}/exclude`,
        {},
      );

      expect(response.status).toBe(422);
    });

    it('answers 404 for a licence that is not in the batch', async () => {
      const batch = (await commission.post('/transmissions/batches', {})).body;

      const response = await commission.post(
        `/transmissions/batches/${batch.id}/items/${randomUUID()}/exclude`,
        {
          reason: 'not in it',
        },
      );

      expect(response.status).toBe(404);
    });
  });

  describe('POST /transmissions/batches/{id}/cancel', () => {
    it('drops a draft, which can then no longer be changed', async () => {
      const [licence] = await licences([{}]);
      const batch = (await commission.post('/transmissions/batches', {})).body;

      const cancelled = await commission.post(`/transmissions/batches/${batch.id}/cancel`, undefined);
      const again = await commission.post(`/transmissions/batches/${batch.id}/cancel`, undefined);
      const exclude = await commission.post(
        `/transmissions/batches/${batch.id}/items/${licence!.id}/exclude`,
        {
          reason: 'too late',
        },
      );

      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ id: batch.id, status: 'cancelled' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('TRANSMISSION.BATCH_NOT_DRAFT');
      expect(exclude.status).toBe(409);
    });
  });

  describe('who may call it', () => {
    it('answers 403 to an operator and 401 without the gateway’s identity', async () => {
      const asOperator = await h.operator().get('/transmissions/batches');
      const anonymous = await fetch(`${h.service.url}/api/v1/transmissions/batches`);

      expect(asOperator.status).toBe(403);
      expect(anonymous.status).toBe(401);
    });
  });
});
