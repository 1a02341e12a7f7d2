import type { ConfirmationRequest, LicenceStatus } from '@lmp/contracts';
import type { Queryable } from './database';

export interface ConfirmationRecord extends ConfirmationRequest {
  companyId: string;
  resolvedAt: string | null;
}

interface ConfirmationRow {
  id: string;
  licence_id: string;
  licence_number: string;
  company_id: string;
  reported_status: LicenceStatus;
  reported_date: string | null;
  requested_at: Date;
  resolved_at: Date | null;
}

const SELECT = `SELECT c.id, c.licence_id, l.licence_number, c.company_id, c.reported_status, c.reported_date,
    c.requested_at, c.resolved_at
  FROM confirmation_requests c JOIN licences l ON l.id = c.licence_id`;

const toConfirmation = (r: ConfirmationRow): ConfirmationRecord => ({
  id: r.id,
  licenceId: r.licence_id,
  licenceNumber: r.licence_number,
  companyId: r.company_id,
  reportedStatus: r.reported_status,
  reportedDate: r.reported_date,
  requestedAt: r.requested_at.toISOString(),
  resolvedAt: r.resolved_at?.toISOString() ?? null,
});

export async function insertConfirmation(
  db: Queryable,
  entry: {
    id: string;
    licenceId: string;
    companyId: string;
    reportedStatus: LicenceStatus;
    reportedDate: string | null;
    requestedAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO confirmation_requests (id, licence_id, company_id, reported_status, reported_date, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [entry.id, entry.licenceId, entry.companyId, entry.reportedStatus, entry.reportedDate, entry.requestedAt],
  );
}

/** Open requests, oldest first; companyId null means every company's (Commission). */
export async function listOpenConfirmations(
  db: Queryable,
  scope: { companyId: string | null; licenceId?: string },
): Promise<ConfirmationRecord[]> {
  const params: unknown[] = [];
  const conditions = ['c.resolved_at IS NULL'];
  if (scope.companyId !== null) {
    params.push(scope.companyId);
    conditions.push(`c.company_id = $${params.length}`);
  }
  if (scope.licenceId) {
    params.push(scope.licenceId);
    conditions.push(`c.licence_id = $${params.length}`);
  }
  const { rows } = await db.query<ConfirmationRow>(
    `${SELECT} WHERE ${conditions.join(' AND ')} ORDER BY c.requested_at, c.id LIMIT 500`,
    params,
  );
  return rows.map(toConfirmation);
}

export async function findConfirmation(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ConfirmationRecord | undefined> {
  const { rows } = await db.query<ConfirmationRow>(
    `${SELECT} WHERE c.id = $1${options.forUpdate ? ' FOR UPDATE OF c' : ''}`,
    [id],
  );
  return rows[0] ? toConfirmation(rows[0]) : undefined;
}

export async function resolveConfirmation(
  db: Queryable,
  id: string,
  resolution: {
    decision: 'confirm' | 'correct';
    confirmedStatus: LicenceStatus;
    comment: string | null;
    by: string;
  },
): Promise<void> {
  await db.query(
    `UPDATE confirmation_requests
        SET decision = $2, confirmed_status = $3, comment = $4, resolved_by = $5, resolved_at = now()
      WHERE id = $1`,
    [id, resolution.decision, resolution.confirmedStatus, resolution.comment, resolution.by],
  );
}
