import { LICENCE_EVENTS_QUEUE } from '../src/entry-points/message-queue/licence-events.consumer';
import {
  aLicenceRef,
  licenceStatusChanged,
  licenceSubmitted,
  licenceUpdated,
  type TestLicence,
} from '@lmp/testing';
import { startHarness, waitUntil, type Harness } from './support/transmissions-harness';

describe('the licence projection (transmissions.licence-events)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function projected(licence: TestLicence) {
    const [row] = await h.sql(
      `SELECT licence_number, number_normalised, company_id, application_date, submitted_at, status, urgent, version
         FROM licences WHERE id = $1`,
      [licence.id],
    );
    return row;
  }

  it('keeps what a batch needs from LicenceSubmitted, with the platform-wide normalised number', async () => {
    const licence = aLicenceRef({ licenceNumber: 'cn 2026–00042/a' });

    await h.publishAndApply([licenceSubmitted(licence, { urgent: true, applicationDate: '2026-01-15' })]);

    expect(await projected(licence)).toEqual({
      licence_number: 'cn 2026–00042/a',
      number_normalised: 'CN202600042A',
      company_id: licence.companyId,
      application_date: '2026-01-15',
      submitted_at: new Date('2026-03-10T10:00:00.000Z'),
      status: 'pending',
      urgent: true,
      version: 1,
    });
  });

  it('applies a status change and an edit, keeping the highest version', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([licenceSubmitted(licence)]);
    await h.publishAndApply([
      licenceUpdated(licence, 2, { status: { from: 'pending', to: 'processing' } }),
      licenceStatusChanged(licence, { version: 2, from: 'pending', to: 'processing' }),
    ]);
    await h.publishAndApply([
      licenceUpdated(licence, 3, {
        urgent: { from: false, to: true },
        applicationDate: { from: '2026-02-02', to: '2026-01-30' },
        exporter: { from: { name: 'A' }, to: { name: 'B' } },
      }),
    ]);

    expect(await projected(licence)).toMatchObject({
      status: 'processing',
      urgent: true,
      application_date: '2026-01-30',
      version: 3,
    });
  });

  it('ignores an event that arrives after a newer one: a late "processing" does not undo "granted"', async () => {
    const licence = aLicenceRef();
    await h.publishAndApply([licenceSubmitted(licence)]);

    await h.publishAndApply([
      licenceStatusChanged(licence, { version: 3, from: 'processing', to: 'granted' }),
    ]);
    await h.publishAndApply([
      licenceStatusChanged(licence, { version: 2, from: 'pending', to: 'processing' }),
    ]);

    expect(await projected(licence)).toMatchObject({ status: 'granted', version: 3 });
  });

  it('keeps a newer edit when LicenceSubmitted itself arrives last', async () => {
    const licence = aLicenceRef();

    await h.publishAndApply([
      licenceUpdated(licence, 2, { urgent: { from: false, to: true } }),
      licenceStatusChanged(licence, { version: 3, from: 'pending', to: 'refused' }),
    ]);
    const beforeSubmitted = await projected(licence);
    await h.publishAndApply([licenceSubmitted(licence, { applicationDate: '2026-01-20' })]);

    // Until LicenceSubmitted it is known without its application date (and no batch takes it).
    expect(beforeSubmitted).toMatchObject({ application_date: null, status: 'refused' });
    expect(await projected(licence)).toMatchObject({
      status: 'refused',
      urgent: true,
      application_date: '2026-01-20',
      submitted_at: new Date('2026-03-10T10:00:00.000Z'),
      version: 3,
    });
  });

  it('applies an event delivered twice once', async () => {
    const licence = aLicenceRef();
    await h.publishAndApply([licenceSubmitted(licence)]);
    const granted = licenceStatusChanged(licence, { version: 2, from: 'pending', to: 'granted' });
    const reopened = licenceStatusChanged(licence, { version: 3, from: 'granted', to: 'pending' });

    await h.publishAndApply([granted, reopened]);
    await h.publishAndApply([granted]);
    await waitUntil(async () => (await h.vhost.messagesIn(LICENCE_EVENTS_QUEUE)) === 0, 'the queue drained');

    expect(await projected(licence)).toMatchObject({ status: 'pending', version: 3 });
    const markers = await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [granted.id]);
    expect(markers).toHaveLength(1);
  });

  it('dead-letters an event whose data is invalid at once, without retrying it', async () => {
    const licence = aLicenceRef();
    const invalid = licenceUpdated(licence, 2, { status: { from: 'pending', to: 'approved' } });

    await h.publish([invalid]);

    const dlq = `${LICENCE_EVENTS_QUEUE}.dlq`;
    await waitUntil(async () => (await h.vhost.messagesIn(dlq)) === 1, 'the invalid event dead-lettered');
    const dead = await h.vhost.takeMessage(dlq);
    expect(dead?.body).toMatchObject({ id: invalid.id });
    const [death] = dead!.headers['x-death'] as { reason: string; count: number }[];
    expect(death).toMatchObject({ reason: 'rejected', count: 1 });
    expect(await projected(licence)).toBeUndefined();
  });
});
