import type { Queryable } from './database';

export interface BatchState {
  id: string;
  runNumber: number;
  itemCount: number;
  dispatchedAt: string;
  /** Set once a check found the batch complete and began its digests. */
  digestsStartedAt: string | null;
  /** The last company whose digests are written (companies go in id order). */
  digestsCursor: string | null;
  /** When a check first found its transmissions all there but some licences' companies unknown. */
  factsAwaitedSince: string | null;
}

export async function saveBatchDispatched(
  tx: Queryable,
  b: { batchId: string; runNumber: number; period: string; itemCount: number; dispatchedAt: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO batches (id, run_number, period, item_count, dispatched_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING`,
    [b.batchId, b.runNumber, b.period, b.itemCount, b.dispatchedAt],
  );
}

/**
 * The dispatched batch while its digests are still due (undefined: not dispatched yet, or its
 * digests went out). No lock: one row by its key.
 */
export async function batchDue(db: Queryable, batchId: string): Promise<BatchState | undefined> {
  const { rows } = await db.query<{
    run_number: number;
    item_count: number;
    dispatched_at: Date;
    digests_started_at: Date | null;
    digests_cursor: string | null;
    facts_awaited_since: Date | null;
  }>(
    `SELECT run_number, item_count, dispatched_at, digests_started_at, digests_cursor, facts_awaited_since
       FROM batches WHERE id = $1 AND digests_sent_at IS NULL AND item_count IS NOT NULL`,
    [batchId],
  );
  const r = rows[0];
  return (
    r && {
      id: batchId,
      runNumber: r.run_number,
      itemCount: r.item_count,
      dispatchedAt: r.dispatched_at.toISOString(),
      digestsStartedAt: r.digests_started_at?.toISOString() ?? null,
      digestsCursor: r.digests_cursor,
      factsAwaitedSince: r.facts_awaited_since?.toISOString() ?? null,
    }
  );
}

/** Batches whose digests are still due (the periodic check's safety net). */
export async function batchesDue(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM batches WHERE digests_sent_at IS NULL AND item_count IS NOT NULL
      ORDER BY dispatched_at LIMIT 100`,
  );
  return rows.map((r) => r.id);
}

export interface TransmissionRow {
  batchId: string;
  licenceId: string;
  licenceNumber: string;
  transmittedAt: string;
}

/**
 * Many transmissions in one statement: answers those that are new (a licence already recorded in
 * that batch, or named twice here, is left out), so a redelivered LicenceTransmitted counts once.
 */
export async function insertTransmissions(
  tx: Queryable,
  rows: TransmissionRow[],
): Promise<TransmissionRow[]> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await tx.query<{
    batch_id: string;
    licence_id: string;
    licence_number: string;
    transmitted_at: Date;
  }>(
    `INSERT INTO transmissions (batch_id, licence_id, licence_number, transmitted_at)
     SELECT b, l, n, t FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS x(b, l, n, t)
     ON CONFLICT DO NOTHING
     RETURNING batch_id, licence_id, licence_number, transmitted_at`,
    [
      rows.map((r) => r.batchId),
      rows.map((r) => r.licenceId),
      rows.map((r) => r.licenceNumber),
      rows.map((r) => r.transmittedAt),
    ],
  );
  return inserted.map((r) => ({
    batchId: r.batch_id,
    licenceId: r.licence_id,
    licenceNumber: r.licence_number,
    transmittedAt: r.transmitted_at.toISOString(),
  }));
}

/**
 * The batch's transmissions recorded so far. An index range of the batch: 10 to 15 ms for
 * 100,000, read without a lock, so the checks coalesced during a batch's stream of events (about
 * 30 per replica for 100,000) cost well under a second of the database's time in all, on
 * connections of their own. (A counter on the batch row, updated in every group's transaction, was measured
 * too: those transactions then waited on each other for longer than all the counts took.)
 */
export async function countTransmissions(db: Queryable, batchId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM transmissions WHERE batch_id = $1',
    [batchId],
  );
  return rows[0]!.n;
}

/** The batch's licences whose company messaging does not know yet (their LicenceSubmitted is late). */
export async function countUnknownCompanies(db: Queryable, batchId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM transmissions t JOIN licences l ON l.id = t.licence_id
      WHERE t.batch_id = $1 AND l.company_id IS NULL`,
    [batchId],
  );
  return rows[0]!.n;
}

export interface DigestLicence {
  licenceNumber: string;
  /** Null while no event has told it (never invented). */
  applicationDate: string | null;
  timesTransmitted: number;
}

export interface CompanyTransmissions {
  companyId: string;
  companyName: string | null;
  /** All of the company's licences in the batch; `licences` holds at most `perCompany` of them. */
  licenceCount: number;
  licences: DigestLicence[];
}

/**
 * The companies of the batch's licences after `after` (in id order; null: all), those whose
 * company is known: what a digest run walks through, a chunk at a time. One id per company (10,000
 * for a batch of 100,000 licences), never the licences themselves.
 */
export async function batchCompanies(
  db: Queryable,
  batchId: string,
  after: string | null,
): Promise<string[]> {
  const { rows } = await db.query<{ company_id: string }>(
    `SELECT DISTINCT l.company_id FROM transmissions t JOIN licences l ON l.id = t.licence_id
      WHERE t.batch_id = $1 AND l.company_id IS NOT NULL AND ($2::uuid IS NULL OR l.company_id > $2::uuid)
      ORDER BY l.company_id`,
    [batchId, after],
  );
  return rows.map((r) => r.company_id);
}

/**
 * The batch's licences of these companies (in id order) that have users, by number: at most
 * `perCompany` licences each, and no further company once `rows` licences are listed, so a
 * page's size is bounded whatever the batch holds (the companies after the cut are the next
 * page's). Each company's licences are looked up by company (lateral joins): a page costs its own
 * companies, whatever the planner knows of a batch inserted a moment ago.
 */
export async function digestPage(
  db: Queryable,
  batchId: string,
  companyIds: string[],
  limits: { perCompany: number; rows: number },
): Promise<CompanyTransmissions[]> {
  const { rows } = await db.query<{
    company_id: string;
    company_name: string | null;
    licence_count: number;
    licence_number: string;
    application_date: string | null;
    times: number;
  }>(
    `WITH candidates AS (
       SELECT c.company_id, x.licence_count
         FROM unnest($2::uuid[]) AS c(company_id)
        CROSS JOIN LATERAL (
              SELECT count(*)::int AS licence_count
                FROM licences l JOIN transmissions t ON t.batch_id = $1 AND t.licence_id = l.id
               WHERE l.company_id = c.company_id) x
        WHERE x.licence_count > 0 AND EXISTS (SELECT 1 FROM recipients r WHERE r.company_id = c.company_id)
     ), page AS (
       SELECT company_id, licence_count FROM (
         SELECT company_id, licence_count,
                sum(LEAST(licence_count, $3)) OVER (ORDER BY company_id) - LEAST(licence_count, $3) AS listed_before
           FROM candidates) c
        WHERE listed_before < $4
     )
     SELECT page.company_id, co.name AS company_name, page.licence_count, x.licence_number,
            x.application_date, x.times
       FROM page
      CROSS JOIN LATERAL (
            SELECT t.licence_number, to_char(l.application_date, 'YYYY-MM-DD') AS application_date,
                   GREATEST(l.transmission_count, 1) AS times
              FROM licences l JOIN transmissions t ON t.batch_id = $1 AND t.licence_id = l.id
             WHERE l.company_id = page.company_id
             ORDER BY t.licence_number LIMIT $3) x
       LEFT JOIN companies co ON co.id = page.company_id
      ORDER BY page.company_id, x.licence_number`,
    [batchId, companyIds, limits.perCompany, limits.rows],
  );
  const page: CompanyTransmissions[] = [];
  for (const r of rows) {
    let company = page.at(-1);
    if (company?.companyId !== r.company_id) {
      company = {
        companyId: r.company_id,
        companyName: r.company_name,
        licenceCount: r.licence_count,
        licences: [],
      };
      page.push(company);
    }
    company.licences.push({
      licenceNumber: r.licence_number,
      applicationDate: r.application_date,
      timesTransmitted: r.times,
    });
  }
  return page;
}

/**
 * The instant a check first found the batch's transmissions all there but some of its licences'
 * companies unknown: set once (`at` the first time), answered as stored.
 */
export async function markFactsAwaited(db: Queryable, batchId: string, at: Date): Promise<string> {
  const { rows } = await db.query<{ since: Date }>(
    `UPDATE batches SET facts_awaited_since = COALESCE(facts_awaited_since, $2) WHERE id = $1
     RETURNING facts_awaited_since AS since`,
    [batchId, at],
  );
  return rows[0]!.since.toISOString();
}

export async function markDigestsStarted(db: Queryable, batchId: string, at: Date): Promise<void> {
  await db.query('UPDATE batches SET digests_started_at = $2 WHERE id = $1 AND digests_started_at IS NULL', [
    batchId,
    at,
  ]);
}

/** In the transaction that wrote the digests of the companies up to `companyId`. */
export async function saveDigestsCursor(tx: Queryable, batchId: string, companyId: string): Promise<void> {
  await tx.query('UPDATE batches SET digests_cursor = $2 WHERE id = $1', [batchId, companyId]);
}

export async function markDigestsSent(tx: Queryable, batchId: string, at: Date): Promise<void> {
  await tx.query('UPDATE batches SET digests_sent_at = $2 WHERE id = $1', [batchId, at]);
}

/**
 * Fresh planner statistics for the tables a digest run reads. A batch's transmissions (100,000 of
 * them, say) arrive seconds before its digests: before autovacuum has analyzed them, the planner
 * takes the batch for a few hundred rows and scans all of it once per company (measured: over a
 * minute per chunk of 500 companies, against 12 ms once analyzed). Once per run; a sample, so
 * about 0.1 s whatever the size.
 */
export async function refreshDigestStatistics(db: Queryable): Promise<void> {
  await db.query('ANALYZE transmissions, licences');
}
