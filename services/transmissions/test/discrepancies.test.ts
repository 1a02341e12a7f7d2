import { industryConfirmationRecorded } from './support/confirmation-events';
import { aLicenceRef, licenceSubmitted, type TestLicence } from '@lmp/testing';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/transmissions-harness';

const QUEUE = 'transmissions.confirmation-events';

describe('discrepancies between MOFCOM and the companies', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A licence in the projection that MOFCOM reported on (a matched feedback row). */
  async function reported(status: 'granted' | 'refused', date: string | null): Promise<TestLicence> {
    const licence = aLicenceRef();
    await h.publishAndApply([licenceSubmitted(licence)]);
    const response = await commission.post('/transmissions/feedback', {
      rows: [{ licenceNumber: licence.licenceNumber, status, date }],
    });
    expect(response.body.counts.matched).toBe(1);
    return licence;
  }

  const discrepanciesOf = async (licence: TestLicence) =>
    (await commission.get('/transmissions/discrepancies?limit=500')).body.items.filter(
      (d: { licenceId: string }) => d.licenceId === licence.id,
    );

  describe('IndustryConfirmationRecorded', () => {
    it('keeps a discrepancy when the company says otherwise: MOFCOM said X on date D, the company says Y', async () => {
      const licence = await reported('granted', '2026-03-20');
      const answer = industryConfirmationRecorded(licence, {
        reportedStatus: 'granted',
        confirmedStatus: 'processing',
        comment: 'Not granted yet: MOFCOM asked for more documents.',
      });

      await h.publishAndApply([answer]);

      const response = await commission.get('/transmissions/discrepancies');
      expect(response.status).toBe(200);
      expect(await discrepanciesOf(licence)).toEqual([
        {
          id: expect.any(String),
          licenceId: licence.id,
          companyId: licence.companyId,
          licenceNumber: licence.licenceNumber,
          reportedStatus: 'granted',
          reportedDate: '2026-03-20',
          confirmedStatus: 'processing',
          comment: 'Not granted yet: MOFCOM asked for more documents.',
          confirmationId: (answer.data as { confirmationId: string }).confirmationId,
          recordedAt: answer.occurredAt,
        },
      ]);
    });

    it('keeps nothing when the company confirms what MOFCOM reported', async () => {
      const licence = await reported('refused', '2026-03-02');

      await h.publishAndApply([
        industryConfirmationRecorded(licence, {
          decision: 'confirm',
          reportedStatus: 'refused',
          confirmedStatus: 'refused',
          comment: null,
        }),
      ]);

      expect(await discrepanciesOf(licence)).toEqual([]);
    });

    it('records a redelivered answer once', async () => {
      const licence = await reported('granted', null);
      const answer = industryConfirmationRecorded(licence);

      await h.publishAndApply([answer]);
      await h.publishAndApply([answer]);
      await waitUntil(async () => (await h.vhost.messagesIn(QUEUE)) === 0, 'the queue drained');

      expect(await discrepanciesOf(licence)).toEqual([
        expect.objectContaining({
          reportedStatus: 'granted',
          reportedDate: null,
          confirmedStatus: 'processing',
        }),
      ]);
      const markers = await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [answer.id]);
      expect(markers).toHaveLength(1);
    });

    it('dead-letters an answer whose data is invalid at once, without retrying it', async () => {
      const licence = aLicenceRef();
      const valid = industryConfirmationRecorded(licence);
      const invalid = { ...valid, data: { ...(valid.data as object), confirmedStatus: 'approved' } };

      await h.publish([invalid]);

      const dlq = `${QUEUE}.dlq`;
      await waitUntil(async () => (await h.vhost.messagesIn(dlq)) === 1, 'the invalid event dead-lettered');
      const dead = await h.vhost.takeMessage(dlq);
      expect(dead?.body).toMatchObject({ id: invalid.id });
      const [death] = dead!.headers['x-death'] as { reason: string; count: number }[];
      expect(death).toMatchObject({ reason: 'rejected', count: 1 });
      expect(await discrepanciesOf(licence)).toEqual([]);
    });
  });

  describe('GET /transmissions/discrepancies', () => {
    it('lists them newest first, in pages', async () => {
      const licence = await reported('granted', '2026-03-20');
      const earlier = industryConfirmationRecorded(licence, { confirmedStatus: 'pending' });
      const later = industryConfirmationRecorded(licence, { confirmedStatus: 'refused' });
      later.occurredAt = new Date(Date.parse(earlier.occurredAt) + 60_000).toISOString();
      await h.publishAndApply([later, earlier]);

      const first = await commission.get('/transmissions/discrepancies?limit=1');
      const second = await commission.get(
        `/transmissions/discrepancies?limit=1&cursor=${first.body.nextCursor}`,
      );

      expect(first.body.items).toEqual([expect.objectContaining({ confirmedStatus: 'refused' })]);
      expect(second.body.items).toEqual([expect.objectContaining({ confirmedStatus: 'pending' })]);
    });
  });
});
