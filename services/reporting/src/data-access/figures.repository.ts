import type { ReportDimension, ReportFilters } from '@lmp/contracts';
import type { FiguresRow } from '../domain/reports/report.types';
import type { Queryable } from './database';
import { dimensionSql, figuresSql, filterWhere, SqlParams } from './report-sql';

/** The figures of all filtered licences and of each licence type (one scan, grouping sets). */
export async function summaryFigures(
  db: Queryable,
  filters: ReportFilters,
  staleBefore: Date,
): Promise<{ all: FiguresRow | undefined; byType: Record<string, FiguresRow>; lastBatchAt: Date | null }> {
  const p = new SqlParams();
  const stale = p.add(staleBefore);
  const { rows } = await db.query<FiguresRow & { key: string | null; whole: number }>(
    `SELECT l.licence_type AS key, GROUPING(l.licence_type) AS whole, ${figuresSql(stale)}
       FROM licences l WHERE ${filterWhere(filters, p)}
      GROUP BY GROUPING SETS ((), (l.licence_type))`,
    p.values,
  );
  const { rows: batches } = await db.query<{ at: Date | null }>(
    'SELECT max(dispatched_at) AS at FROM batches',
  );
  const all = rows.find((r) => r.whole === 1);
  const byType = Object.fromEntries(rows.filter((r) => r.whole === 0).map((r) => [r.key ?? '', r]));
  return { all, byType, lastBatchAt: batches[0]?.at ?? null };
}

/** The figures of each value of a dimension, most licences first. */
export async function breakdownFigures(
  db: Queryable,
  by: ReportDimension,
  filters: ReportFilters,
  staleBefore: Date,
): Promise<(FiguresRow & { key: string | null })[]> {
  const p = new SqlParams();
  const stale = p.add(staleBefore);
  const { key, join } = dimensionSql(by);
  const { rows } = await db.query<FiguresRow & { key: string | null }>(
    `SELECT ${key} AS key, ${figuresSql(stale)}
       FROM licences l ${join} WHERE ${filterWhere(filters, p)}
      GROUP BY 1 ORDER BY total DESC, key NULLS LAST`,
    p.values,
  );
  return rows;
}
