import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  aLicenceRef,
  batchDispatched,
  licenceStatusChanged,
  licenceSubmitted,
  licenceTransmitted,
  type TestLicence,
} from '@lmp/testing';
import { ZMessagingConfig } from '../src/config';
import { checkBatchDigests } from '../src/domain/notifications/check-batch-digests.use-case';
import { LICENCE_FACTS_GRACE_MS } from '../src/domain/notifications/transmission-digest.notifications';
import { mailQueueFor, notificationLinks } from '../src/infrastructure/mail/mail-outbox';
import { to } from './support/mail';
import { startHarness, type Harness, type TestCompany } from './support/messaging-harness';

/**
 * What a digest says about licences whose facts (LicenceSubmitted) messaging has not seen: it
 * waits for their company, up to a grace period after the dispatch, and never invents a date.
 */
describe('the transmission digest and late licence facts', () => {
  let h: Harness;
  let checkDb: pg.Pool;
  beforeAll(async () => {
    h = await startHarness();
    checkDb = new pg.Pool({ connectionString: h.env.DATABASE_URL, max: 2 });
    // Ended before the harness drops the database, which terminates connections still closing.
    checkDb.on('error', () => undefined);
  });
  afterAll(async () => {
    await checkDb?.end();
    await h?.stop();
  });

  /** A check of the batch now, as the service's own checks make it. */
  const checkNow = async (batchId: string) =>
    (
      await checkBatchDigests(
        {
          db: checkDb,
          clock: h.clock.now,
          mail: mailQueueFor('messaging'),
          links: notificationLinks(ZMessagingConfig.parse(h.env)),
        },
        [batchId],
      )
    )[0];

  async function transmit(
    licences: TestLicence[],
    dispatchedAt = h.clock.now().toISOString(),
  ): Promise<{ batchId: string; dispatchedAt: string }> {
    const batchId = randomUUID();
    await h.publishAndApply([
      ...licences.map((l) => licenceTransmitted(l, batchId, dispatchedAt)),
      batchDispatched(batchId, dispatchedAt, licences.length),
    ]);
    return { batchId, dispatchedAt };
  }

  const digestRows = (company: TestCompany) =>
    h.sql(`SELECT 1 FROM mail_outbox WHERE kind = 'transmission-digest' AND to_address = $1`, [
      company.users[0]!.email,
    ]);

  it('waits for the company of a licence whose LicenceSubmitted comes after the batch, then lists it', async () => {
    const company = await h.aCompany();
    const known = await h.aLicence(company);
    const late = aLicenceRef({ companyId: company.id });
    const { batchId } = await transmit([known, late]);

    expect(await checkNow(batchId)).toMatchObject({ state: 'awaiting-facts', unknown: 1 });
    expect(await digestRows(company)).toEqual([]);

    await h.publishAndApply([licenceSubmitted(late, { applicationDate: '2026-02-20' })]);
    const [digest] = await h.mailsWhere(to(company.users[0]!.email));
    expect(digest!.subject).toContain(`2 licences of ${company.name}`);
    expect(digest!.text).toMatch(new RegExp(`${late.licenceNumber} +20 February 2026 +1`));
    expect(digest!.text).toContain(known.licenceNumber);
    await h.mailSettled();
    expect(h.smtp.messages.filter(to(company.users[0]!.email))).toHaveLength(1);
  });

  it('gives a batch whose events came long after its dispatch the whole grace period, then lists the late licence', async () => {
    const company = await h.aCompany();
    const known = await h.aLicence(company);
    const late = aLicenceRef({ companyId: company.id });
    // Dispatched 40 minutes ago: the broker was down, its events reach messaging only now.
    const foundComplete = h.clock.now();
    const dispatchedAt = new Date(foundComplete.getTime() - 40 * 60_000).toISOString();
    const { batchId } = await transmit([known, late], dispatchedAt);
    const graceEndsAt = new Date(foundComplete.getTime() + LICENCE_FACTS_GRACE_MS).toISOString();
    expect(await checkNow(batchId)).toMatchObject({ state: 'awaiting-facts', unknown: 1, graceEndsAt });

    // Still within the grace period counted from then (it is counted from the first check, once).
    h.clock.set(new Date(Date.parse(graceEndsAt) - 60_000).toISOString());
    expect(await checkNow(batchId)).toMatchObject({ state: 'awaiting-facts', unknown: 1, graceEndsAt });
    expect(await digestRows(company)).toEqual([]);

    await h.publishAndApply([licenceSubmitted(late, { applicationDate: '2026-02-20' })]);
    const [digest] = await h.mailsWhere(to(company.users[0]!.email));
    expect(digest!.subject).toContain(`2 licences of ${company.name}`);
    expect(digest!.text).toContain(known.licenceNumber);
    expect(digest!.text).toMatch(new RegExp(`${late.licenceNumber} +20 February 2026 +1`));
    await h.mailSettled();
    expect(h.smtp.messages.filter(to(company.users[0]!.email))).toHaveLength(1);
  });

  it('goes out without the licences whose company is still unknown once the grace period is over', async () => {
    const company = await h.aCompany();
    const known = await h.aLicence(company);
    const neverSubmitted = aLicenceRef({ companyId: company.id });
    const { batchId, dispatchedAt } = await transmit([known, neverSubmitted]);
    expect(await checkNow(batchId)).toMatchObject({ state: 'awaiting-facts', unknown: 1 });

    h.clock.set(new Date(Date.parse(dispatchedAt) + LICENCE_FACTS_GRACE_MS).toISOString());
    const [digest] = await h.mailsWhere(to(company.users[0]!.email));
    expect(digest!.subject).toContain(`1 licence of ${company.name}`);
    expect(digest!.text).toContain(known.licenceNumber);
    expect(digest!.text).not.toContain(neverSubmitted.licenceNumber);
    await h.mailSettled();
    expect(h.smtp.messages.filter(to(company.users[0]!.email))).toHaveLength(1);
  });

  it('shows "—" for an application date no event has told, in text and HTML', async () => {
    const company = await h.aCompany();
    // Its status change names the company; its LicenceSubmitted (with the date) has not come.
    const undated = aLicenceRef({ companyId: company.id });
    await h.publishAndApply([licenceStatusChanged(undated, { version: 2, to: 'processing' })]);
    await transmit([undated]);

    const [digest] = await h.mailsWhere(to(company.users[0]!.email));
    expect(digest!.text).toMatch(new RegExp(`^${undated.licenceNumber} +— +1$`, 'm'));
    expect(digest!.html).toContain(`<td>${undated.licenceNumber}</td><td>—</td>`);
  });
});
