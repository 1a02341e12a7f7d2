import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  aLicenceRef,
  batchDispatched,
  companyRegistered,
  createTestDatabase,
  licenceSubmitted,
  licenceTransmitted,
  waitUntil,
  type TestDatabase,
  type TestLicence,
} from '@lmp/testing';
import { createLogger } from '@lmp/logger';
import { ZMessagingConfig } from '../src/config';
import { checkBatchDigests } from '../src/domain/notifications/check-batch-digests.use-case';
import {
  LICENCE_FACTS_GRACE_MS,
  type DigestRunDeps,
} from '../src/domain/notifications/transmission-digest.notifications';
import { withBatchDigestLock } from '../src/data-access/digest-lock.repository';
import { applyLicenceEvents } from '../src/domain/projection/apply-licence-events.use-case';
import { applyMembershipEvent } from '../src/domain/projection/apply-membership-event.use-case';
import { digestChecks } from '../src/entry-points/jobs/digest-check.job';
import type { ProjectionDeps } from '../src/domain/projection/projection.types';
import { LICENCE_EVENTS_QUEUE } from '../src/entry-points/message-queue/licence-events.consumer';
import { MEMBERSHIP_EVENTS_QUEUE } from '../src/entry-points/message-queue/membership-events.consumer';
import { mailQueueFor, notificationLinks } from '../src/infrastructure/mail/mail-outbox';
import { aUser, userJoined, type TestUser } from './support/membership-events';

/**
 * Runs of a batch's digests as replicas make them: checks called directly, with small chunks,
 * against a database of their own (no service here whose own checks would race the test's). The
 * projection is built through the same use cases the consumers call.
 */
describe('checkBatchDigests', () => {
  let database: TestDatabase;
  const replicas: pg.Pool[] = [];
  let now = new Date('2026-03-16T08:00:00.000Z');
  const clock = () => new Date(now);
  const links = notificationLinks(ZMessagingConfig.parse({}));

  /** One replica: its own pool (its connections named `name`), chunks of `chunkSize` companies. */
  const replica = (chunkSize = 2, name?: string): DigestRunDeps => {
    const db = new pg.Pool({
      connectionString: database.urlFor('messaging'),
      max: 3,
      application_name: name,
    });
    // pool.end() resolves before the server has closed each connection: the drop at the end
    // terminates those still closing, and the pool reports it (no failure of a test).
    db.on('error', () => undefined);
    replicas.push(db);
    return { db, clock, mail: mailQueueFor('messaging'), links, chunkSize };
  };
  let projection: ProjectionDeps;

  beforeAll(async () => {
    database = await createTestDatabase({ services: ['messaging'] });
    // The test runs every check itself.
    projection = { ...replica(), digestChecks: { request: () => undefined } };
  });
  afterAll(async () => {
    await Promise.all(replicas.map((db) => db.end()));
    await database?.drop();
  });

  interface Seeded {
    id: string;
    user: TestUser;
    licence: TestLicence;
  }

  /** Companies of one user and one licence (its LicenceSubmitted applied unless `submitted` is false). */
  async function companies(count: number, { submitted = true } = {}): Promise<Seeded[]> {
    const seeded = Array.from({ length: count }, () => {
      const id = randomUUID();
      return { id, user: aUser(), licence: aLicenceRef({ companyId: id }) };
    });
    for (const c of seeded) {
      await applyMembershipEvent(projection, MEMBERSHIP_EVENTS_QUEUE, userJoined(c.id, c.user));
    }
    await applyLicenceEvents(projection, LICENCE_EVENTS_QUEUE, [
      ...seeded.map((c) => companyRegistered(c.id)),
      ...(submitted ? seeded.map((c) => licenceSubmitted(c.licence)) : []),
    ]);
    return seeded.sort((a, b) => a.id.localeCompare(b.id));
  }

  async function dispatch(licences: TestLicence[]): Promise<string> {
    const batchId = randomUUID();
    const at = now.toISOString();
    const results = await applyLicenceEvents(projection, LICENCE_EVENTS_QUEUE, [
      ...licences.map((l) => licenceTransmitted(l, batchId, at)),
      batchDispatched(batchId, at, licences.length),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    return batchId;
  }

  const digestAddresses = async (batchId: string) =>
    (
      await projection.db.query<{ to_address: string }>(
        'SELECT to_address FROM mail_outbox WHERE dedupe_key LIKE $1 ORDER BY to_address',
        [`${batchId}:%`],
      )
    ).rows.map((r) => r.to_address);

  const digestsSentAt = async (batchId: string) =>
    (await projection.db.query('SELECT digests_sent_at FROM batches WHERE id = $1', [batchId])).rows[0]
      ?.digests_sent_at as Date | null | undefined;

  const addressesOf = (seeded: Seeded[]) => seeded.map((c) => c.user.email).sort();

  it('lets one of two replicas checking at once write every digest, the other none', async () => {
    const seeded = await companies(12);
    const batchId = await dispatch(seeded.map((c) => c.licence));

    const [a, b] = await Promise.all([
      checkBatchDigests(replica(), [batchId]),
      checkBatchDigests(replica(), [batchId]),
    ]);

    expect([a[0]!.state, b[0]!.state].sort()).toEqual(['not-due', 'sent']);
    expect([a[0], b[0]].find((c) => c!.state === 'sent')).toMatchObject({ mails: 12, chunks: 6 });
    expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded));
  });

  it('resumes a run that failed mid-way after the last chunk written, so nobody gets two', async () => {
    const seeded = await companies(7);
    const batchId = await dispatch(seeded.map((c) => c.licence));
    const refused = seeded[4]!.user.email; // in the third chunk of two companies
    await projection.db.query(`
      CREATE OR REPLACE FUNCTION refuse_digest_to_test_address() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.to_address = '${refused}' THEN RAISE EXCEPTION 'simulated failure'; END IF;
        RETURN NEW;
      END $$`);
    await projection.db.query(
      'CREATE TRIGGER refuse_digest BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION refuse_digest_to_test_address()',
    );
    const failed = await checkBatchDigests(replica(), [batchId]);
    await projection.db.query('DROP TRIGGER refuse_digest ON mail_outbox');

    expect(failed[0]!.state).toBe('failed');
    expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded.slice(0, 4)));
    const resumed = await checkBatchDigests(replica());
    expect(resumed.find((c) => c.batchId === batchId)).toMatchObject({ state: 'sent', mails: 3 });
    expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded));
    expect(await checkBatchDigests(replica(), [batchId])).toEqual([{ batchId, state: 'not-due' }]);
  });

  it('waits for unknown companies until the grace period is over, then sends what is known and counts the rest', async () => {
    const known = await companies(2);
    const unknown = await companies(1, { submitted: false });
    const batchId = await dispatch([...known, ...unknown].map((c) => c.licence));

    expect((await checkBatchDigests(replica(), [batchId]))[0]).toMatchObject({
      state: 'awaiting-facts',
      unknown: 1,
    });
    now = new Date(now.getTime() + LICENCE_FACTS_GRACE_MS);
    expect((await checkBatchDigests(replica(), [batchId]))[0]).toMatchObject({
      state: 'sent',
      mails: 2,
      leftOut: 1,
    });
    expect(await digestAddresses(batchId)).toEqual(addressesOf(known));
  });

  describe('the digest check job', () => {
    /** The job, with its log lines kept for the test to read. */
    function job(deps: DigestRunDeps = replica()) {
      const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
      const logger = createLogger(
        { name: 'messaging', level: 'info' },
        { write: (line: string) => lines.push(JSON.parse(line)) },
      );
      const checks = digestChecks({ deps, logger, delayMs: 0, factsRecheckMs: 50 });
      const logged = (msg: RegExp) =>
        waitUntil(() => lines.find((l) => msg.test(l.msg)), `a log line ${msg}`);
      return { checks, logged };
    }

    it('checks a batch waiting for licence facts again by itself, and sends it once they have come', async () => {
      const seeded = await companies(1, { submitted: false });
      const batchId = await dispatch(seeded.map((c) => c.licence));
      const { checks, logged } = job();
      try {
        checks.request(batchId);
        expect(await logged(/waiting for the company/)).toMatchObject({ batchId, unknown: 1 });

        // No event of the batch follows: only the job's own next check can send it.
        await applyLicenceEvents(projection, LICENCE_EVENTS_QUEUE, [licenceSubmitted(seeded[0]!.licence)]);
        expect(await logged(/transmission digests written/)).toMatchObject({ batchId, mails: 1 });
        expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded));
      } finally {
        await checks.stop();
      }
    });

    it('logs how many licences the digests went out without once the grace period is over', async () => {
      const known = await companies(1);
      const unknown = await companies(2, { submitted: false });
      const batchId = await dispatch([...known, ...unknown].map((c) => c.licence));
      // Found complete but for those licences' facts: their grace period starts.
      expect((await checkBatchDigests(replica(), [batchId]))[0]).toMatchObject({ state: 'awaiting-facts' });
      now = new Date(now.getTime() + LICENCE_FACTS_GRACE_MS);
      const { checks, logged } = job();
      try {
        checks.request(batchId);
        expect(await logged(/without licences whose company is still unknown/)).toMatchObject({
          batchId,
          leftOut: 2,
          level: 40,
        });
      } finally {
        await checks.stop();
      }
    });

    it('stops a run between chunks when the replica stops; a later check resumes it, one digest each', async () => {
      const seeded = await companies(8);
      const batchId = await dispatch(seeded.map((c) => c.licence));
      const deps = replica(1);
      let stopAsked = false;
      let stopping!: (stopped: Promise<void>) => void;
      const stopped = new Promise<void>((resolve) => (stopping = resolve));
      // The replica stops as soon as the run's first chunk is committed (it wakes the sender then).
      const { checks, logged } = job({
        ...deps,
        mail: {
          ...deps.mail,
          wake: () => {
            deps.mail.wake();
            if (!stopAsked) stopping(checks.stop());
            stopAsked = true;
          },
        },
      });
      checks.request(batchId);
      await stopped;

      expect(await logged(/stopped with the replica/)).toMatchObject({ batchId, mails: 1, chunks: 1 });
      expect(await digestsSentAt(batchId)).toBeNull();
      expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded.slice(0, 1)));

      expect((await checkBatchDigests(replica(1), [batchId]))[0]).toMatchObject({ state: 'sent', mails: 7 });
      expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded));
    });

    it('stops waiting for a batch whose digests another replica is writing, leaving them to it', async () => {
      const seeded = await companies(2);
      const batchId = await dispatch(seeded.map((c) => c.licence));
      // Another replica's run, holding the batch's lock until the test lets go.
      let letGo!: () => void;
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let stillHeld = true;
      const otherRun = withBatchDigestLock(replica().db, batchId, async () => {
        holding();
        await new Promise<void>((resolve) => (letGo = resolve));
      }).then(() => (stillHeld = false));
      await held;
      // Were stop() to wait for the other run, that run ends after a while all the same.
      const fallback = setTimeout(() => letGo(), 10_000);
      try {
        const { checks, logged } = job(replica(2, 'stopping-replica'));
        checks.request(batchId);
        await waitUntil(() => askedForTheBatchLock(), 'the check asking for the batch’s lock');

        await checks.stop();

        expect(stillHeld).toBe(true);
        expect(await logged(/stopped with the replica/)).toMatchObject({ batchId, mails: 0, chunks: 0 });
      } finally {
        clearTimeout(fallback);
        letGo();
        await otherRun;
      }
      expect(await digestAddresses(batchId)).toEqual([]);
      expect((await checkBatchDigests(replica(), [batchId]))[0]).toMatchObject({ state: 'sent', mails: 2 });
      expect(await digestAddresses(batchId)).toEqual(addressesOf(seeded));
    });

    /** The stopping replica has tried for the batch's lock, or waits for it (its only lock here). */
    async function askedForTheBatchLock(): Promise<boolean> {
      const { rows } = await projection.db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'stopping-replica'
            AND (query LIKE 'SELECT pg_try_advisory_lock%'
                 OR (wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_lock%'))`,
      );
      return rows.length > 0;
    }
  });
});
