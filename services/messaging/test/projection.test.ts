import { randomUUID } from 'node:crypto';
import { companyUpdated, licenceStatusChanged, licenceUpdated } from '@lmp/testing';
import { startHarness, type Harness } from './support/messaging-harness';

/** What broadcasts filter on, built from events that may come in any order and more than once. */
describe('the projection of companies and licences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  const matches = async (filter: Record<string, unknown>) =>
    (await h.commission().post('/messages/broadcasts', { filter, subject: 's', body: 'b', dryRun: true }))
      .body;

  it('keeps each field from the newest licence version, whatever the order of arrival', async () => {
    const exporter = `Order ${randomUUID().slice(0, 8)} Ltd.`;
    const company = await h.aCompany();
    const licence = await h.aLicence(company, { exporterName: exporter });
    const v3 = licenceStatusChanged(licence, {
      version: 3,
      from: 'processing',
      to: 'refused',
      at: '2026-03-25T10:00:00.000Z',
    });
    const v2 = licenceStatusChanged(licence, {
      version: 2,
      from: 'pending',
      to: 'processing',
      at: '2026-03-20T10:00:00.000Z',
    });
    await h.publishAndApply([v3]);
    await h.publishAndApply([v2, v3]); // late and redelivered
    expect(await matches({ exporter, status: 'refused' })).toMatchObject({ companies: 1, licences: 1 });
    expect(await matches({ exporter, status: 'processing' })).toMatchObject({ companies: 0 });

    await h.publishAndApply([
      licenceUpdated(licence, 4, {
        urgent: { from: false, to: true },
        elements: { from: ['dysprosium'], to: ['terbium'] },
      }),
    ]);
    expect(await matches({ exporter, urgent: true, element: 'terbium' })).toMatchObject({ companies: 1 });
    const [row] = await h.sql('SELECT status, urgent, elements, version FROM licences WHERE id = $1', [
      licence.id,
    ]);
    expect(row).toEqual({ status: 'refused', urgent: true, elements: ['terbium'], version: 4 });
  });

  it('keeps the company as its newest event describes it', async () => {
    const exporter = `Company ${randomUUID().slice(0, 8)} Ltd.`;
    const company = await h.aCompany();
    await h.aLicence(company, { exporterName: exporter });
    await h.publishAndApply([companyUpdated(company.id, { memberState: 'IT' }, '2026-02-01T00:00:00.000Z')]);
    await h.publishAndApply([companyUpdated(company.id, { memberState: 'ES' }, '2026-01-20T00:00:00.000Z')]);
    expect(await matches({ exporter, memberState: 'IT' })).toMatchObject({ companies: 1 });
    expect(await matches({ exporter, memberState: 'ES' })).toMatchObject({ companies: 0 });
  });

  it('dead-letters an event that does not match its contract, and keeps consuming', async () => {
    const company = await h.aCompany();
    const licence = await h.aLicence(company);
    const broken = {
      ...licenceStatusChanged(licence, { version: 2, to: 'granted' }),
      data: { licenceId: 'nope' },
    };
    await h.publish([broken as never]);
    await waitForDeadLetter(h, 'messaging.licence-events.dlq');
    await h.publishAndApply([licenceStatusChanged(licence, { version: 2, to: 'processing' })]);
  });

  it('dead-letters a broken event delivered among many alone: the others of its burst are applied', async () => {
    const company = await h.aCompany();
    const licences = [await h.aLicence(company), await h.aLicence(company), await h.aLicence(company)];
    const before = await h.vhost.messagesIn('messaging.licence-events.dlq');
    const valid = licences.map((l) => licenceStatusChanged(l, { version: 2, to: 'granted' }));
    const broken = { ...valid[0]!, id: randomUUID(), data: { licenceId: 'nope' } };
    // One publish: the consumer gets them together and applies them in one transaction.
    await h.publish([valid[0]!, broken as never, valid[1]!, valid[2]!]);
    await h.publishAndApply(valid);
    await waitForDeadLetter(h, 'messaging.licence-events.dlq', before + 1);
    const rows = await h.sql('SELECT status FROM licences WHERE id = ANY($1::uuid[])', [
      licences.map((l) => l.id),
    ]);
    expect(rows.map((r) => r.status)).toEqual(['granted', 'granted', 'granted']);
    expect(await h.vhost.messagesIn('messaging.licence-events.dlq')).toBe(before + 1);
  });
});

async function waitForDeadLetter(h: Harness, queue: string, atLeast = 1) {
  const { waitUntil } = await import('@lmp/testing');
  await waitUntil(async () => (await h.vhost.messagesIn(queue)) >= atLeast, `a dead letter in ${queue}`);
}
