import { ZBreakdownQuery, type Breakdown } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { breakdownFigures } from '../../data-access/figures.repository';
import type { Clock } from '../clock';
import { daysBefore, STALE_AFTER_DAYS, toFigures } from './figures';

/** GET /reports/breakdown?by=: the figures of each value of one dimension, most licences first. */
export async function getBreakdown({
  db,
  clock,
  query,
}: {
  db: Db;
  clock: Clock;
  query: unknown;
}): Promise<Breakdown> {
  const { by, ...filters } = parseOrThrow(ZBreakdownQuery, query);
  const rows = await breakdownFigures(db, by, filters, daysBefore(clock(), STALE_AFTER_DAYS));
  return { by, rows: rows.map((row) => ({ key: row.key, ...toFigures(row) })) };
}
