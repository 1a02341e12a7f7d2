import type { Queryable } from './database';
import type { LicenceRecord } from '../domain/licence/licence.types';
import { LICENCE_SELECT, toLicenceRecord, type LicenceRow } from './licence.columns';

export interface LicenceFilter {
  companyId: string | null;
  status?: string;
  customsStatus?: string;
  sector?: string;
  licenceType?: string;
  urgent?: boolean;
  source?: string;
  reviewRequired?: boolean;
  /** Partial licence number, already normalised (upper case, no spaces or dashes). */
  numberContains?: string;
  exporterContains?: string;
  submittedFrom?: string;
  submittedTo?: string;
}

export type LicenceSort = 'submittedAt' | '-submittedAt' | 'applicationDate' | '-updatedAt';

/** Position after the last row of a page: the sort value and the id that breaks ties. */
export interface Keyset {
  value: string;
  id: string;
}

const sorts: Record<
  LicenceSort,
  { column: string; direction: 'ASC' | 'DESC'; text: (r: LicenceRecord) => string }
> = {
  submittedAt: { column: 'submitted_at', direction: 'ASC', text: (r) => r.submittedAt },
  '-submittedAt': { column: 'submitted_at', direction: 'DESC', text: (r) => r.submittedAt },
  applicationDate: { column: 'application_date', direction: 'ASC', text: (r) => r.applicationDate },
  '-updatedAt': { column: 'updated_at', direction: 'DESC', text: (r) => r.updatedAt },
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereClause(filter: LicenceFilter, params: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.companyId !== null) add((p) => `company_id = ${p}`, filter.companyId);
  if (filter.status) add((p) => `status = ${p}::"LicenceStatus"`, filter.status);
  if (filter.customsStatus) add((p) => `customs_status = ${p}::"CustomsStatus"`, filter.customsStatus);
  if (filter.sector) add((p) => `sector = ${p}::"Sector"`, filter.sector);
  if (filter.licenceType) add((p) => `licence_type = ${p}::"LicenceType"`, filter.licenceType);
  if (filter.urgent !== undefined) add((p) => `urgent = ${p}`, filter.urgent);
  if (filter.source) add((p) => `source = ${p}::"LicenceSource"`, filter.source);
  if (filter.reviewRequired !== undefined) add((p) => `review_required = ${p}`, filter.reviewRequired);
  if (filter.submittedFrom) add((p) => `submitted_at >= ${p}::date`, filter.submittedFrom);
  if (filter.submittedTo) add((p) => `submitted_at < ${p}::date + 1`, filter.submittedTo);
  const text: string[] = [];
  if (filter.numberContains) {
    params.push(`%${escapeLike(filter.numberContains)}%`);
    text.push(`number_normalised LIKE $${params.length}`);
  }
  if (filter.exporterContains) {
    params.push(`%${escapeLike(filter.exporterContains)}%`);
    text.push(`exporter_name ILIKE $${params.length}`);
  }
  if (text.length > 0) conditions.push(`(${text.join(' OR ')})`);
  return conditions;
}

/** One page in keyset order: no OFFSET, so page 1,000 costs what page 1 does. */
export async function listLicences(
  db: Queryable,
  filter: LicenceFilter,
  sort: LicenceSort,
  after: Keyset | undefined,
  limit: number,
  options: { fewMatches?: boolean } = {},
): Promise<{ records: LicenceRecord[]; next: Keyset | undefined }> {
  const params: unknown[] = [];
  const conditions = whereClause(filter, params);
  const { column, direction, text } = sorts[sort];
  if (after) {
    params.push(after.value, after.id);
    const cast = column === 'application_date' ? 'date' : 'timestamptz';
    const op = direction === 'ASC' ? '>' : '<';
    conditions.push(`(${column}, id) ${op} ($${params.length - 1}::${cast}, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  // When few rows match, walking the sort index until a page is found can visit the whole table
  // (a search with no hit does); an expression the index cannot serve makes Postgres collect the
  // matches first (trigram bitmap) and sort only those.
  const orderKey = options.fewMatches ? `(${column} + interval '0')` : column;
  const { rows } = await db.query<LicenceRow>(
    `SELECT ${LICENCE_SELECT} FROM licences ${where}
      ORDER BY ${orderKey} ${direction}, id ${direction} LIMIT $${params.length}`,
    params,
  );
  const records = rows.slice(0, limit).map(toLicenceRecord);
  const last = records[records.length - 1];
  return { records, next: rows.length > limit && last ? { value: text(last), id: last.id } : undefined };
}

/**
 * Counts exactly up to `cap` matches (a bounded index scan, cheap at any table size) and beyond
 * that answers the planner's estimate, flagged as such: counting a million rows exactly on every
 * list request would cost more than the page itself.
 */
export async function countLicences(
  db: Queryable,
  filter: LicenceFilter,
  cap: number,
): Promise<{ total: number; exact: boolean }> {
  const params: unknown[] = [];
  const conditions = whereClause(filter, params);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const estimate = async () => {
    const plan = await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM licences ${where}`,
      params,
    );
    return Math.round(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  };
  // A text search for a frequent term ("ningbo": one licence in six) would build a trigram bitmap
  // of every match just to count it: when the estimate is far above the cap, answer it directly.
  const textSearch = filter.numberContains !== undefined || filter.exporterContains !== undefined;
  if (textSearch) {
    const estimated = await estimate();
    if (estimated > cap * 5) return { total: estimated, exact: false };
  }
  const { rows } = await db.query<{ total: string }>(
    `SELECT count(*) AS total FROM (SELECT 1 FROM licences ${where} LIMIT $${params.length + 1}) AS capped`,
    [...params, cap + 1],
  );
  const total = Number(rows[0]!.total);
  if (total <= cap) return { total, exact: true };
  return { total: Math.max(cap + 1, await estimate()), exact: false };
}
