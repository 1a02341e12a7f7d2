import {
  batchCompanies,
  batchDue,
  countTransmissions,
  countUnknownCompanies,
  digestPage,
  markDigestsSent,
  markDigestsStarted,
  markFactsAwaited,
  refreshDigestStatistics,
  saveDigestsCursor,
  type BatchState,
  type CompanyTransmissions,
} from '../../data-access/batch.repository';
import type { Db, Queryable, Tx } from '../../data-access/database';
import { withBatchDigestLock, type BatchSession } from '../../data-access/digest-lock.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import type { Clock } from '../clock';
import { DIGEST_MAX_ROWS, transmissionDigestMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, type NotificationLinks } from './notification-links';

/** Companies whose digests are written per transaction. */
export const DIGEST_CHUNK_COMPANIES = 500;

/** Licences read per transaction at most (a chunk stops at the company that reaches it). */
const DIGEST_CHUNK_LICENCES = 20_000;

/**
 * How long a complete batch waits for the company of each licence it carried (their
 * LicenceSubmitted may come after the batch's events): counted from the first check that found
 * the batch's transmissions all there but some companies unknown (`facts_awaited_since`), or from
 * the dispatch if that is later. A batch completed late (the broker or the licences outbox down
 * for 40 minutes, say) still gets its grace. Then the digests go out with the licences whose
 * company is known, and the others are counted as left out.
 */
export const LICENCE_FACTS_GRACE_MS = 30 * 60_000;

export interface DigestRunDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
  /** Companies per transaction (default DIGEST_CHUNK_COMPANIES). */
  chunkSize?: number;
}

export type DigestOutcome =
  /** Unknown, not dispatched yet, or its digests went out already. */
  | { state: 'not-due' }
  | { state: 'incomplete'; received: number; expected: number }
  /** All transmissions are here; some licences' companies are not known yet. */
  | { state: 'awaiting-facts'; unknown: number; graceEndsAt: string }
  /** Written now, each chunk committed (mails: rows new in the outbox). */
  | { state: 'sent'; mails: number; chunks: number; leftOut: number }
  /**
   * The replica is stopping: left where it was, the chunks written so far committed with the
   * cursor (none, if it stopped before or while waiting for the lock). The next check resumes it.
   */
  | { state: 'stopped'; mails: number; chunks: number };

/** Stopped before a chunk was written. */
const STOPPED: DigestOutcome = { state: 'stopped', mails: 0, chunks: 0 };

/**
 * A batch's digests, once it is complete: its TransmissionBatchDispatched says how many
 * LicenceTransmitted to expect (itemCount), and they arrive in any order and in parallel. The
 * check counts them without a lock and stops there while some are missing (it runs after the
 * events' commits, so it sees every transmission committed before it). A complete batch is
 * taken under its digest lock (one run at a time, whichever replica asks): once every licence's
 * company is known (or the grace period is over) the run is marked started and writes one digest
 * per company user who wants it, a chunk of companies per transaction in company order, with the
 * chunk's last company saved in the same transaction. A run that fails or dies mid-way is resumed
 * after that company by the next check; the dedupe keys keep a chunk written twice to one mail
 * each. When `signal` aborts (its replica stops), the run stops before its next chunk, and a check
 * waiting for the lock stops waiting: `stopped`, resumed from the cursor by the next check.
 */
export async function sendDigestsIfComplete(
  deps: DigestRunDeps,
  batchId: string,
  signal?: AbortSignal,
): Promise<DigestOutcome> {
  if (signal?.aborted) return STOPPED;
  const seen = await batchDue(deps.db, batchId);
  if (!seen) return { state: 'not-due' };
  if (!seen.digestsStartedAt) {
    // Counted without a lock; a count that reached itemCount stays there.
    const received = await countTransmissions(deps.db, batchId);
    if (received < seen.itemCount) return { state: 'incomplete', received, expected: seen.itemCount };
  }
  const outcome = await withBatchDigestLock(
    deps.db,
    batchId,
    (session) => digestRun(deps, session, batchId, signal),
    signal,
  );
  return outcome.locked ? outcome.value : STOPPED;
}

/** The run, holding the batch's digest lock: from its check of the licence facts to its last chunk. */
async function digestRun(
  deps: DigestRunDeps,
  session: BatchSession,
  batchId: string,
  signal: AbortSignal | undefined,
): Promise<DigestOutcome> {
  const batch = await batchDue(session.client, batchId);
  if (!batch) return { state: 'not-due' };
  if (signal?.aborted) return STOPPED;
  let leftOut = 0;
  if (!batch.digestsStartedAt) {
    const unknown = await countUnknownCompanies(session.client, batch.id);
    if (unknown > 0) {
      const graceEndsAt = await factsGraceEnd(session.client, deps.clock, batch);
      if (deps.clock() < graceEndsAt)
        return { state: 'awaiting-facts', unknown, graceEndsAt: graceEndsAt.toISOString() };
    }
    leftOut = unknown;
    await markDigestsStarted(session.client, batch.id, deps.clock());
  }
  await refreshDigestStatistics(session.client);
  const companies = await batchCompanies(session.client, batch.id, batch.digestsCursor);
  const chunkSize = deps.chunkSize ?? DIGEST_CHUNK_COMPANIES;
  let position = 0;
  let mails = 0;
  let chunks = 0;
  for (;;) {
    // Between chunks: what is written is committed with its cursor, so stopping here is safe.
    if (signal?.aborted) return { state: 'stopped', mails, chunks };
    const chunk = await session.transaction(async (tx) => {
      const next = companies.slice(position, position + chunkSize);
      const page = next.length
        ? await digestPage(tx, batch.id, next, { perCompany: DIGEST_MAX_ROWS, rows: DIGEST_CHUNK_LICENCES })
        : [];
      // Up to the page's last company: those after it (a page cut at its licences) come next.
      const done = page.length ? next.indexOf(page.at(-1)!.companyId) + 1 : next.length;
      const written = await enqueueDigests(tx, deps, batch, page);
      if (done > 0) await saveDigestsCursor(tx, batch.id, next[done - 1]!);
      const last = position + done >= companies.length;
      if (last) await markDigestsSent(tx, batch.id, deps.clock());
      return { done, written, last };
    });
    position += chunk.done;
    mails += chunk.written;
    chunks += 1;
    // Delivery starts while the next chunks are written.
    if (chunk.written > 0) deps.mail.wake();
    if (chunk.last) return { state: 'sent', mails, chunks, leftOut };
  }
}

/**
 * When the grace for the batch's missing licence facts ends: LICENCE_FACTS_GRACE_MS after the
 * first check that found them missing (recorded now if this is that check), or after the
 * dispatch if that is later (another service's clock may be ahead of this one's).
 */
async function factsGraceEnd(db: Queryable, clock: Clock, batch: BatchState): Promise<Date> {
  const awaitedSince = batch.factsAwaitedSince ?? (await markFactsAwaited(db, batch.id, clock()));
  const from = Math.max(Date.parse(batch.dispatchedAt), Date.parse(awaitedSince));
  return new Date(from + LICENCE_FACTS_GRACE_MS);
}

/** Digests rendered per INSERT within a chunk. */
const DIGEST_WRITE_BATCH = 100;

/**
 * One digest per current member of each company who wants it. Rendered and written a few at a
 * time, overlapped: the next ones are rendered while the database inserts those before (one
 * query in flight on the transaction's client), so a chunk costs about the larger of the two.
 */
async function enqueueDigests(
  tx: Tx,
  deps: DigestRunDeps,
  batch: BatchState,
  page: CompanyTransmissions[],
): Promise<number> {
  if (page.length === 0) return 0;
  const byCompany = new Map(page.map((c) => [c.companyId, c]));
  let drafts: MailDraft[] = [];
  let inFlight: Promise<number> | undefined;
  let written = 0;
  const write = async () => {
    if (inFlight) written += await inFlight;
    inFlight = drafts.length ? deps.mail.enqueue(tx, drafts) : undefined;
    // Its failure is awaited with it; until then it must not count as unhandled.
    inFlight?.catch(() => undefined);
    drafts = [];
  };
  for (const r of await recipientsOf(tx, [...byCompany.keys()])) {
    if (!r.transmissionDigest) continue;
    const company = byCompany.get(r.companyId)!;
    const unsubscribeUrl = deps.links.unsubscribeUrl(r.emailKey, 'transmissionDigest');
    drafts.push({
      // With the company: a user in two companies of the batch gets a digest of each. Batches
      // written before the company was in the key keep theirs: a committed chunk is never written
      // again (a run resumes after its cursor), so a deploy mid-run sends nobody a second digest.
      dedupeKey: `${batch.id}:${r.companyId}:${r.emailKey}:transmission-digest`,
      kind: 'transmission-digest',
      to: { address: r.email, name: r.name },
      ...transmissionDigestMail({
        recipientName: r.name,
        companyName: companyNameOr(company.companyName),
        batchRunNumber: batch.runNumber,
        dispatchedAt: batch.dispatchedAt,
        licences: company.licences,
        licenceCount: company.licenceCount,
        licencesUrl: `${deps.links.baseUrl}/licences`,
        unsubscribeUrl,
      }),
      unsubscribeUrl,
    });
    if (drafts.length >= DIGEST_WRITE_BATCH) await write();
  }
  await write();
  await write(); // the last one
  return written;
}
