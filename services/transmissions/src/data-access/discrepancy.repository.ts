import type { Discrepancy } from '@lmp/contracts';
import type { DiscrepancyKeyset, NewDiscrepancy } from '../domain/discrepancies/discrepancy.types';
import type { Queryable } from './database';

/** One per confirmation: a second event about the same confirmation records nothing. */
export async function insertDiscrepancy(tx: Queryable, d: NewDiscrepancy): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO discrepancies (id, confirmation_id, licence_id, company_id, licence_number, reported_status,
       reported_date, confirmed_status, comment, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (confirmation_id) DO NOTHING`,
    [
      d.id,
      d.confirmationId,
      d.licenceId,
      d.companyId,
      d.licenceNumber,
      d.reportedStatus,
      d.reportedDate,
      d.confirmedStatus,
      d.comment,
      d.recordedAt,
    ],
  );
  return (result.rowCount ?? 0) > 0;
}

interface DiscrepancyRow {
  id: string;
  confirmation_id: string;
  licence_id: string;
  company_id: string;
  licence_number: string;
  reported_status: Discrepancy['reportedStatus'];
  reported_date: string | null;
  confirmed_status: Discrepancy['confirmedStatus'];
  comment: string | null;
  recorded_at: Date;
}

const toDiscrepancy = (r: DiscrepancyRow): Discrepancy => ({
  id: r.id,
  licenceId: r.licence_id,
  companyId: r.company_id,
  licenceNumber: r.licence_number,
  reportedStatus: r.reported_status,
  reportedDate: r.reported_date,
  confirmedStatus: r.confirmed_status,
  comment: r.comment,
  confirmationId: r.confirmation_id,
  recordedAt: r.recorded_at.toISOString(),
});

/** Newest first, in keyset pages. */
export async function listDiscrepancies(
  db: Queryable,
  after: DiscrepancyKeyset | undefined,
  limit: number,
): Promise<{ discrepancies: Discrepancy[]; next: DiscrepancyKeyset | undefined }> {
  const params: unknown[] = [limit + 1];
  let where = '';
  if (after) {
    params.push(after.recordedAt, after.id);
    where = 'WHERE (recorded_at, id) < ($2::timestamptz, $3::uuid)';
  }
  const { rows } = await db.query<DiscrepancyRow>(
    `SELECT id, confirmation_id, licence_id, company_id, licence_number, reported_status, reported_date,
            confirmed_status, comment, recorded_at
       FROM discrepancies ${where} ORDER BY recorded_at DESC, id DESC LIMIT $1`,
    params,
  );
  const discrepancies = rows.slice(0, limit).map(toDiscrepancy);
  const last = discrepancies.at(-1);
  return {
    discrepancies,
    next: rows.length > limit && last ? { recordedAt: last.recordedAt, id: last.id } : undefined,
  };
}
