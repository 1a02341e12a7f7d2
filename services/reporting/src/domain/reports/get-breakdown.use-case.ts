import { ZBreakdownQuery, type Breakdown } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Clock } from '../clock';
import { daysBefore, STALE_AFTER_DAYS, toFigures } from './figures';
import { breakdownOf } from './index-reports';
import type { ReportIndex } from './licence-index';

/** GET /reports/breakdown?by=: the figures of each value of one dimension, most licences first. */
export async function getBreakdown({
  reports,
  clock,
  query,
}: {
  reports: ReportIndex;
  clock: Clock;
  query: unknown;
}): Promise<Breakdown> {
  const { by, ...filters } = parseOrThrow(ZBreakdownQuery, query);
  const ix = await reports.current();
  const rows = breakdownOf(ix, by, filters, daysBefore(clock(), STALE_AFTER_DAYS).getTime());
  return { by, rows: rows.map((row) => ({ key: row.key, ...toFigures(row) })) };
}
