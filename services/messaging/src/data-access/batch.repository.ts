import type { Queryable } from './database';

export interface BatchState {
  id: string;
  runNumber: number;
  itemCount: number;
  dispatchedAt: string;
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
 * The dispatched batch, locked for the rest of the transaction, while its digests are still due
 * (undefined: not dispatched yet, or its digests went out): two checks of one batch take turns,
 * and the second finds the digests sent.
 */
export async function lockBatchDue(tx: Queryable, batchId: string): Promise<BatchState | undefined> {
  const { rows } = await tx.query<{ run_number: number; item_count: number; dispatched_at: Date }>(
    `SELECT run_number, item_count, dispatched_at FROM batches
      WHERE id = $1 AND digests_sent_at IS NULL AND item_count IS NOT NULL FOR UPDATE`,
    [batchId],
  );
  const r = rows[0];
  return (
    r && {
      id: batchId,
      runNumber: r.run_number,
      itemCount: r.item_count,
      dispatchedAt: r.dispatched_at.toISOString(),
    }
  );
}

/** Batches whose digests are still due (the periodic check's safety net). */
export async function batchesDue(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM batches WHERE digests_sent_at IS NULL ORDER BY dispatched_at LIMIT 100',
  );
  return rows.map((r) => r.id);
}

/** True when this licence's transmission in this batch is new. */
export async function insertTransmission(
  tx: Queryable,
  t: { batchId: string; licenceId: string; licenceNumber: string; transmittedAt: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO transmissions (batch_id, licence_id, licence_number, transmitted_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [t.batchId, t.licenceId, t.licenceNumber, t.transmittedAt],
  );
  return rowCount === 1;
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

export async function countTransmissions(tx: Queryable, batchId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM transmissions WHERE batch_id = $1',
    [batchId],
  );
  return rows[0]!.n;
}

export interface CompanyTransmissions {
  companyId: string;
  companyName: string | null;
  licences: { licenceNumber: string; applicationDate: string; timesTransmitted: number }[];
}

/** The batch's licences by company (licences whose company messaging does not know are left out). */
export async function transmissionsByCompany(
  tx: Queryable,
  batchId: string,
): Promise<CompanyTransmissions[]> {
  const { rows } = await tx.query<{
    company_id: string;
    company_name: string | null;
    licence_number: string;
    application_date: string;
    times: number;
  }>(
    `SELECT l.company_id, c.name AS company_name, t.licence_number,
            COALESCE(l.application_date, (t.transmitted_at AT TIME ZONE 'Europe/Brussels')::date) AS application_date,
            GREATEST(l.transmission_count, 1) AS times
       FROM transmissions t JOIN licences l ON l.id = t.licence_id LEFT JOIN companies c ON c.id = l.company_id
      WHERE t.batch_id = $1 AND l.company_id IS NOT NULL
      ORDER BY l.company_id, t.licence_number`,
    [batchId],
  );
  const byCompany = new Map<string, CompanyTransmissions>();
  for (const r of rows) {
    let company = byCompany.get(r.company_id);
    if (!company) {
      company = { companyId: r.company_id, companyName: r.company_name, licences: [] };
      byCompany.set(r.company_id, company);
    }
    company.licences.push({
      licenceNumber: r.licence_number,
      applicationDate: r.application_date,
      timesTransmitted: r.times,
    });
  }
  return [...byCompany.values()];
}

export async function markDigestsSent(tx: Queryable, batchId: string, at: Date): Promise<void> {
  await tx.query('UPDATE batches SET digests_sent_at = $2 WHERE id = $1', [batchId, at]);
}
