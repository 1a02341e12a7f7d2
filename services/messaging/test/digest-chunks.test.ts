import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  aLicenceRef,
  batchDispatched,
  companyRegistered,
  licenceSubmitted,
  licenceTransmitted,
  waitUntil,
  type TestLicence,
} from '@lmp/testing';
import { ZMessagingConfig } from '../src/config';
import { checkBatchDigests } from '../src/domain/notifications/check-batch-digests.use-case';
import { DIGEST_CHUNK_COMPANIES } from '../src/domain/notifications/transmission-digest.notifications';
import { mailQueueFor, notificationLinks } from '../src/infrastructure/mail/mail-outbox';
import { aUser, userJoined, type TestUser } from './support/membership-events';
import { START, startHarness, type Harness } from './support/messaging-harness';

/**
 * A batch's digests across more companies than one transaction writes (DIGEST_CHUNK_COMPANIES):
 * the service's own checks, with its default chunk size, and the e-mail outbox as the outcome
 * (the sender is off here: hundreds of mails through the test SMTP server prove nothing more).
 */
describe('the transmission digest of a batch larger than one chunk', () => {
  let h: Harness;
  let sweepDb: pg.Pool;
  beforeAll(async () => {
    h = await startHarness({ env: { MAIL_SENDER_ENABLED: 'false' } });
    sweepDb = new pg.Pool({ connectionString: h.env.DATABASE_URL, max: 2 });
    // Ended before the harness drops the database, which terminates connections still closing.
    sweepDb.on('error', () => undefined);
  });
  afterAll(async () => {
    await sweepDb?.end();
    await h?.stop();
  });

  const COMPANIES = DIGEST_CHUNK_COMPANIES + 20;

  interface SeededCompany {
    id: string;
    name: string;
    user: TestUser;
    licences: TestLicence[];
  }

  /** Companies with one user and two licences each, applied; in company id order (the digests' order). */
  async function companiesWithLicences(count: number): Promise<SeededCompany[]> {
    const companies = Array.from({ length: count }, () => {
      const id = randomUUID();
      const registered = companyRegistered(id);
      return {
        id,
        name: (registered.data as { name: string }).name,
        registered,
        user: aUser(),
        licences: [aLicenceRef({ companyId: id }), aLicenceRef({ companyId: id })],
      };
    });
    await h.publishAndApply([
      ...companies.map((c) => c.registered),
      ...companies.map((c) => userJoined(c.id, c.user, START, 'admin')),
      ...companies.flatMap((c) => c.licences.map((l) => licenceSubmitted(l))),
    ]);
    return companies.sort((a, b) => a.id.localeCompare(b.id));
  }

  async function dispatchBatch(companies: SeededCompany[]): Promise<string> {
    const batchId = randomUUID();
    const at = '2026-03-16T08:00:00.000Z';
    const licences = companies.flatMap((c) => c.licences);
    await h.publishAndApply([
      ...licences.map((l) => licenceTransmitted(l, batchId, at)),
      batchDispatched(batchId, at, licences.length),
    ]);
    return batchId;
  }

  const digestsOf = (batchId: string) =>
    h.sql<{ to_address: string; subject: string; text_body: string }>(
      `SELECT to_address, subject, text_body FROM mail_outbox WHERE dedupe_key LIKE $1`,
      [`${batchId}:%`],
    );

  const batchRow = async (batchId: string) =>
    (
      await h.sql('SELECT digests_cursor, digests_started_at, digests_sent_at FROM batches WHERE id = $1', [
        batchId,
      ])
    )[0];
  const sent = async (batchId: string) => Boolean((await batchRow(batchId))?.digests_sent_at);

  /** Each company's user has exactly one digest, listing exactly the company's two licences. */
  function expectOneDigestEach(
    companies: SeededCompany[],
    digests: { to_address: string; subject: string; text_body: string }[],
  ) {
    expect(digests).toHaveLength(companies.length);
    const byAddress = new Map(digests.map((d) => [d.to_address, d]));
    for (const company of companies) {
      const digest = byAddress.get(company.user.email);
      expect(digest?.subject).toContain(`2 licences of ${company.name}`);
      expect(new Set(digest!.text_body.match(/CN-2026-[0-9A-F]{10}/g))).toEqual(
        new Set(company.licences.map((l) => l.licenceNumber)),
      );
    }
  }

  it('writes one digest per user, each listing its own company’s licences, a chunk of companies at a time', async () => {
    const companies = await companiesWithLicences(COMPANIES);
    const batchId = await dispatchBatch(companies);

    await waitUntil(() => sent(batchId), 'the batch’s digests sent');
    expectOneDigestEach(companies, await digestsOf(batchId));
    const batch = (await batchRow(batchId))!;
    expect(batch.digests_started_at).not.toBeNull();
    expect(batch.digests_cursor).toBe(companies.at(-1)!.id); // the last company done
  });

  it('keeps the chunks written before a failure; the sweep writes the rest, to nobody twice', async () => {
    const companies = await companiesWithLicences(COMPANIES);
    const refused = companies.at(-1)!.user.email; // in the last chunk
    await refuseMailTo(refused);
    try {
      const batchId = await dispatchBatch(companies);
      await waitUntil(
        async () => Boolean((await batchRow(batchId))?.digests_cursor),
        'the first chunk written',
      );
      await waitUntil(
        async () => (await digestsOf(batchId)).length === DIGEST_CHUNK_COMPANIES,
        'the first chunk’s digests',
      );
      expect(await sent(batchId)).toBe(false);
      expect((await digestsOf(batchId)).map((d) => d.to_address).sort()).toEqual(
        companies
          .slice(0, DIGEST_CHUNK_COMPANIES)
          .map((c) => c.user.email)
          .sort(),
      );

      await allowMailAgain();
      const deps = {
        db: sweepDb,
        clock: h.clock.now,
        mail: mailQueueFor('messaging'),
        links: notificationLinks(ZMessagingConfig.parse(h.env)),
      };
      // The periodic sweep (the service runs it every minute), until it finds the run done.
      await waitUntil(async () => {
        await checkBatchDigests(deps);
        return sent(batchId);
      }, 'the sweep finished the batch');

      expectOneDigestEach(companies, await digestsOf(batchId));
      expect((await digestsOf(batchId)).filter((d) => d.to_address === refused)).toHaveLength(1);
    } finally {
      await allowMailAgain();
    }
  });

  async function refuseMailTo(address: string) {
    await h.sql(`
      CREATE OR REPLACE FUNCTION refuse_test_address() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.to_address = '${address}' THEN
          RAISE EXCEPTION 'simulated failure writing the mail to %', NEW.to_address;
        END IF;
        RETURN NEW;
      END $$`);
    await h.sql(
      'CREATE TRIGGER refuse_test_address BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION refuse_test_address()',
    );
  }

  async function allowMailAgain() {
    await h.sql('DROP TRIGGER IF EXISTS refuse_test_address ON mail_outbox');
  }
});
