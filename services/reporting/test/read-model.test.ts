import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope } from '@lmp/contracts';
import { PLATFORM_EVENTS_QUEUE } from '../src/entry-points/message-queue/platform-events.consumer';
import {
  aLicenceRef,
  companyRegistered,
  companyUpdated,
  customsStatusChanged,
  licenceStatusChanged,
  licenceSubmitted,
  licenceTransmitted,
  licenceUpdated,
  type TestLicence,
} from '@lmp/testing';
import { startHarness, waitUntil, type Harness } from './support/reporting-harness';

describe('the read model (reporting.platform-events)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** LicenceTransferred as the licences service publishes it when a claim is decided. */
  function licenceTransferred(licence: TestLicence, toCompanyId: string, version: number): AnyEnvelope {
    return newEvent(
      'LicenceTransferred',
      {
        licenceId: licence.id,
        licenceNumber: licence.licenceNumber,
        version,
        claimId: randomUUID(),
        fromCompanyId: licence.companyId,
        toCompanyId,
        transferredAt: '2026-03-25T10:00:00.000Z',
      },
      { correlationId: 'req-transfer', actor: { type: 'user', id: randomUUID(), name: 'Commission' } },
    );
  }

  async function row(licence: TestLicence) {
    const [r] = await h.sql(
      `SELECT company_id::text, submitted, version, status, decision_date, urgent, exporter_name, exporter_credit_code, elements,
              customs_status, member_state, sme, company_name, transmission_count, last_transmitted_at,
              status_changed_at, submitted_on
         FROM licences WHERE id = $1`,
      [licence.id],
    );
    return r;
  }

  it('keeps the licence with its company’s dimensions', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([
      companyRegistered(licence.companyId, { name: 'Magnete Milano S.p.A.', memberState: 'IT', sme: true }),
    ]);
    await h.publishAndApply([
      licenceSubmitted(licence, {
        elements: ['terbium', 'dysprosium'],
        submittedAt: '2026-03-09T23:30:00.000Z',
      }),
    ]);

    expect(await row(licence)).toMatchObject({
      submitted: true,
      version: 1,
      status: 'pending',
      elements: ['terbium', 'dysprosium'],
      member_state: 'IT',
      sme: true,
      company_name: 'Magnete Milano S.p.A.',
      // 23:30 UTC on 9 March is already 10 March in Brussels.
      submitted_on: '2026-03-10',
      status_changed_at: new Date('2026-03-09T23:30:00.000Z'),
    });
  });

  it('completes a licence whose company arrives after it, and follows the company’s later changes', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([licenceSubmitted(licence)]);
    expect(await row(licence)).toMatchObject({ submitted: true, member_state: null, sme: null });
    await h.publishAndApply([
      companyRegistered(licence.companyId, { memberState: 'FR' }, '2026-01-05T09:00:00.000Z'),
    ]);
    expect(await row(licence)).toMatchObject({ member_state: 'FR', sme: false });

    await h.publishAndApply([
      companyUpdated(licence.companyId, { memberState: 'BE', sme: true }, '2026-02-01T09:00:00.000Z'),
    ]);
    // An older company event arriving late changes nothing.
    await h.publishAndApply([
      companyUpdated(licence.companyId, { memberState: 'NL', sme: false }, '2026-01-20T09:00:00.000Z'),
    ]);

    expect(await row(licence)).toMatchObject({ member_state: 'BE', sme: true });
  });

  it('gives every licence its company’s dimensions when both events are applied at the same time', async () => {
    const licences = Array.from({ length: 20 }, () => aLicenceRef());

    await h.publishAndApply(
      licences.flatMap((l) => [licenceSubmitted(l), companyRegistered(l.companyId, { memberState: 'PL' })]),
    );

    const rows = await h.sql('SELECT member_state FROM licences WHERE id = ANY($1::uuid[])', [
      licences.map((l) => l.id),
    ]);
    expect(rows).toEqual(licences.map(() => ({ member_state: 'PL' })));
  });

  it('applies events in any order: each field keeps the value of the newest licence version', async () => {
    const licence = aLicenceRef();
    const granted = licenceStatusChanged(licence, { version: 3, from: 'processing', to: 'granted' });
    const processing = licenceStatusChanged(licence, {
      version: 2,
      to: 'processing',
      at: '2026-03-15T10:00:00.000Z',
    });

    // Newest first, LicenceSubmitted last: every row is partial until it comes.
    await h.publishAndApply([granted]);
    expect(await row(licence)).toMatchObject({ submitted: false, status: 'granted' });
    await h.publishAndApply([processing]);
    await h.publishAndApply([
      licenceUpdated(licence, 4, { exporterCreditCode: { from: null, to: '91330200MA2AJXXX' } }),
    ]);
    await h.publishAndApply([licenceSubmitted(licence, { exporterName: 'JL Mag Rare-Earth Co., Ltd.' })]);

    expect(await row(licence)).toMatchObject({
      submitted: true,
      version: 4,
      status: 'granted',
      decision_date: '2026-03-20',
      exporter_name: 'JL Mag Rare-Earth Co., Ltd.',
      exporter_credit_code: '91330200MA2AJXXX',
      status_changed_at: new Date('2026-03-20T10:00:00.000Z'),
    });
  });

  it('applies an edit’s changed fields and a customs status change', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([licenceSubmitted(licence)]);
    await h.publishAndApply([
      licenceUpdated(licence, 2, {
        urgent: { from: false, to: true },
        elements: { from: ['dysprosium'], to: ['samarium', 'europium'] },
        quantityKg: { from: 500, to: 750 },
      }),
      customsStatusChanged(licence, 3, 'blocked'),
    ]);

    expect(await row(licence)).toMatchObject({
      urgent: true,
      elements: ['samarium', 'europium'],
      customs_status: 'blocked',
      status: 'pending',
      version: 3,
    });
  });

  it('changes nothing for a redelivered event, and counts a transmission once per batch', async () => {
    const licence = aLicenceRef();
    const batchId = crypto.randomUUID();
    const transmitted = licenceTransmitted(licence, batchId, '2026-03-16T08:00:00.000Z');
    // The same fact under another event id (a re-publish) is one transmission too.
    const again = licenceTransmitted(licence, batchId, '2026-03-16T08:00:00.000Z');

    await h.publishAndApply([transmitted]);
    await h.publishAndApply([transmitted, again, licenceSubmitted(licence)]);
    await h.publishAndApply([licenceTransmitted(licence, crypto.randomUUID(), '2026-03-30T08:00:00.000Z')]);

    expect(await row(licence)).toMatchObject({
      submitted: true,
      transmission_count: 2,
      last_transmitted_at: new Date('2026-03-30T08:00:00.000Z'),
    });
    const markers = await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [transmitted.id]);
    expect(markers).toHaveLength(1);
  });

  it('dead-letters an event whose data is invalid at once, without retrying it', async () => {
    const licence = aLicenceRef();
    const invalid = licenceUpdated(licence, 2, { status: { from: 'pending', to: 'approved' } });

    await h.publish([invalid]);

    const dlq = `${PLATFORM_EVENTS_QUEUE}.dlq`;
    await waitUntil(async () => (await h.vhost.messagesIn(dlq)) === 1, 'the invalid event dead-lettered');
    const dead = await h.vhost.takeMessage(dlq);
    expect(dead?.body).toMatchObject({ id: invalid.id });
    const [death] = dead!.headers['x-death'] as { reason: string; count: number }[];
    expect(death).toMatchObject({ reason: 'rejected', count: 1 });
    expect(await row(licence)).toBeUndefined();
  });

  it('keeps the exporter’s credit code from LicenceSubmitted', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([licenceSubmitted(licence, { exporterCreditCode: '91330200144071429B' })]);

    expect(await row(licence)).toMatchObject({ exporter_credit_code: '91330200144071429B' });
  });

  it('moves a transferred licence to its new company, and an older event does not move it back', async () => {
    const licence = aLicenceRef();
    const claimant = randomUUID();
    await h.publishAndApply([
      companyRegistered(licence.companyId, { memberState: 'DE' }),
      companyRegistered(claimant, { name: 'Aimants de Lyon SAS', memberState: 'FR', sme: true }),
    ]);
    await h.publishAndApply([licenceSubmitted(licence)]);

    await h.publishAndApply([licenceTransferred(licence, claimant, 3)]);
    // Version 2, published before the transfer, delivered after it: it names the old company.
    await h.publishAndApply([customsStatusChanged(licence, 2, 'in_progress')]);

    expect(await row(licence)).toMatchObject({
      company_id: claimant,
      version: 3,
      customs_status: 'in_progress',
      member_state: 'FR',
      sme: true,
      company_name: 'Aimants de Lyon SAS',
    });
  });

  it('takes a transfer to a company not seen yet, and its dimensions once that company arrives', async () => {
    const licence = aLicenceRef();
    const claimant = randomUUID();
    await h.publishAndApply([licenceTransferred(licence, claimant, 2), licenceSubmitted(licence)]);

    await h.publishAndApply([
      companyRegistered(claimant, { name: 'Magneti Torino S.r.l.', memberState: 'IT' }),
    ]);

    expect(await row(licence)).toMatchObject({
      company_id: claimant,
      member_state: 'IT',
      company_name: 'Magneti Torino S.r.l.',
    });
  });

  it('applies events delivered together once each, and dead-letters an invalid one alone', async () => {
    const licences = Array.from({ length: 40 }, () => aLicenceRef());
    const submitted = licences.map((l) => licenceSubmitted(l));
    const invalid = licenceUpdated(licences[0]!, 2, { status: { from: 'pending', to: 'approved' } });
    const decided = licenceStatusChanged(licences[1]!, {
      version: 2,
      to: 'granted',
      decisionDate: '2026-03-20',
    });

    await h.publish([...submitted, invalid, decided, submitted[2]!, decided]);

    const dlq = `${PLATFORM_EVENTS_QUEUE}.dlq`;
    await waitUntil(async () => (await h.vhost.messagesIn(dlq)) === 1, 'the invalid event dead-lettered');
    const dead = await h.vhost.takeMessage(dlq);
    expect(dead?.body).toMatchObject({ id: invalid.id });
    await waitUntil(async () => {
      const [n] = await h.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM licences WHERE id = ANY($1::uuid[]) AND submitted',
        [licences.map((l) => l.id)],
      );
      return n!.n === licences.length;
    }, 'every valid licence applied');
    expect(await row(licences[0]!)).toMatchObject({ version: 1, status: 'pending' });
    expect(await row(licences[1]!)).toMatchObject({
      version: 2,
      status: 'granted',
      decision_date: '2026-03-20',
    });
    expect(await row(licences[2]!)).toMatchObject({ version: 1, status: 'pending' });
  });
});
