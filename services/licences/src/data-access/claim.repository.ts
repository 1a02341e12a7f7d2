import type { ClaimStatus } from '@lmp/contracts';
import type { Queryable } from './database';

export const CLAIM_OPEN_UNIQUE = 'licence_claims_open_key';

export interface ClaimCompany {
  id: string;
  name: string;
  eori: string;
}

/** A claim as stored, with both companies: only the Commission's view shows the holder. */
export interface ClaimRecord {
  id: string;
  licenceId: string;
  licenceNumber: string;
  comment: string;
  status: ClaimStatus;
  createdAt: string;
  filedBy: { id: string; name: string };
  claimant: ClaimCompany;
  holder: ClaimCompany;
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  decisionComment: string | null;
}

interface Row {
  id: string;
  licence_id: string;
  licence_number: string;
  comment: string;
  status: ClaimStatus;
  created_at: Date;
  claimant_user_id: string;
  claimant_user_name: string;
  claimant_company_id: string;
  claimant_name: string;
  claimant_eori: string;
  holder_company_id: string;
  holder_name: string;
  holder_eori: string;
  decided_at: Date | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decision_comment: string | null;
}

const SELECT = `SELECT cl.id, cl.licence_id, cl.licence_number, cl.comment, cl.status, cl.created_at,
    cl.claimant_user_id, cl.claimant_user_name, cl.claimant_company_id, cc.name AS claimant_name,
    cc.eori AS claimant_eori, cl.holder_company_id, hc.name AS holder_name, hc.eori AS holder_eori,
    cl.decided_at, cl.decided_by, cl.decided_by_name, cl.decision_comment
  FROM licence_claims AS cl
  JOIN companies AS cc ON cc.id = cl.claimant_company_id
  JOIN companies AS hc ON hc.id = cl.holder_company_id`;

const toClaim = (r: Row): ClaimRecord => ({
  id: r.id,
  licenceId: r.licence_id,
  licenceNumber: r.licence_number,
  comment: r.comment,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  filedBy: { id: r.claimant_user_id, name: r.claimant_user_name },
  claimant: { id: r.claimant_company_id, name: r.claimant_name, eori: r.claimant_eori },
  holder: { id: r.holder_company_id, name: r.holder_name, eori: r.holder_eori },
  decidedAt: r.decided_at?.toISOString() ?? null,
  decidedBy: r.decided_by ? { id: r.decided_by, name: r.decided_by_name ?? '' } : null,
  decisionComment: r.decision_comment,
});

export async function insertClaim(
  db: Queryable,
  c: {
    id: string;
    licenceId: string;
    licenceNumber: string;
    claimantCompanyId: string;
    claimantUserId: string;
    claimantUserName: string;
    holderCompanyId: string;
    comment: string;
    createdAt: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO licence_claims (id, licence_id, licence_number, claimant_company_id, claimant_user_id,
       claimant_user_name, holder_company_id, comment, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      c.id,
      c.licenceId,
      c.licenceNumber,
      c.claimantCompanyId,
      c.claimantUserId,
      c.claimantUserName,
      c.holderCompanyId,
      c.comment,
      c.createdAt,
    ],
  );
}

export async function findClaim(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ClaimRecord | undefined> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE cl.id = $1${options.forUpdate ? ' FOR UPDATE OF cl' : ''}`,
    [id],
  );
  return rows[0] ? toClaim(rows[0]) : undefined;
}

export interface ClaimFilter {
  claimantCompanyId?: string;
  status?: ClaimStatus;
}

/** Where a page ends, in the list's order (open first, then newest first). */
export interface ClaimKeyset {
  open: boolean;
  createdAt: string;
  id: string;
}

function whereOf(filter: ClaimFilter): { where: string; params: unknown[] } {
  return {
    where: `($1::uuid IS NULL OR cl.claimant_company_id = $1::uuid)
        AND ($2::licences."ClaimStatus" IS NULL OR cl.status = $2::licences."ClaimStatus")`,
    params: [filter.claimantCompanyId ?? null, filter.status ?? null],
  };
}

/**
 * A page of claims, open ones first, then newest first; claimantCompanyId limits them to one
 * company's. `next` is where the following page starts (absent on the last page).
 */
export async function listClaims(
  db: Queryable,
  filter: ClaimFilter,
  after: ClaimKeyset | undefined,
  limit: number,
): Promise<{ records: ClaimRecord[]; next?: ClaimKeyset }> {
  const { where, params } = whereOf(filter);
  const { rows } = await db.query<Row>(
    `${SELECT}
      WHERE ${where}
        AND ($3::boolean IS NULL
             OR (cl.status <> 'open') > (NOT $3::boolean)
             OR ((cl.status <> 'open') = (NOT $3::boolean) AND (cl.created_at, cl.id) < ($4::timestamptz, $5::uuid)))
      ORDER BY cl.status <> 'open', cl.created_at DESC, cl.id DESC
      LIMIT $6`,
    [...params, after?.open ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
  );
  const records = rows.slice(0, limit).map(toClaim);
  const last = records[records.length - 1];
  return rows.length > limit && last
    ? { records, next: { open: last.status === 'open', createdAt: last.createdAt, id: last.id } }
    : { records };
}

/** How many claims match: exact up to `cap`, the planner's estimate beyond (exact: false). */
export async function countClaims(
  db: Queryable,
  filter: ClaimFilter,
  cap: number,
): Promise<{ total: number; exact: boolean }> {
  const { where, params } = whereOf(filter);
  const { rows } = await db.query<{ total: string }>(
    `SELECT count(*) AS total FROM (SELECT 1 FROM licence_claims AS cl WHERE ${where} LIMIT $3) AS capped`,
    [...params, cap + 1],
  );
  const total = Number(rows[0]!.total);
  if (total <= cap) return { total, exact: true };
  const plan = await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM licence_claims AS cl WHERE ${where}`,
    params,
  );
  const estimated = Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  return { total: Math.max(cap + 1, estimated), exact: false };
}

/**
 * Closes a licence's other open claims when it is transferred (inside the transfer, which holds
 * the licence's lock): as rejected, with the reason, decided by whoever decided the transfer.
 * The ids closed, oldest first.
 */
export async function closeOtherOpenClaims(
  db: Queryable,
  licenceId: string,
  exceptClaimId: string,
  d: { at: Date; by: { id: string; name: string }; comment: string },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE licence_claims SET status = 'rejected', decided_at = $3, decided_by = $4, decided_by_name = $5,
        decision_comment = $6
      WHERE licence_id = $1 AND id <> $2 AND status = 'open'
      RETURNING id`,
    [licenceId, exceptClaimId, d.at, d.by.id, d.by.name, d.comment],
  );
  return rows.map((r) => r.id);
}

export async function markClaimDecided(
  db: Queryable,
  id: string,
  d: {
    status: Exclude<ClaimStatus, 'open'>;
    at: Date;
    by: { id: string; name: string };
    comment: string | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE licence_claims SET status = $2, decided_at = $3, decided_by = $4, decided_by_name = $5,
        decision_comment = $6
      WHERE id = $1`,
    [id, d.status, d.at, d.by.id, d.by.name, d.comment],
  );
}
