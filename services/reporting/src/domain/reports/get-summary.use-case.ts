import { ZReportFilterQuery, type ReportSummary } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { lastBatchAt } from '../../data-access/batch.repository';
import type { Db } from '../../data-access/database';
import type { Clock } from '../clock';
import { daysBefore, STALE_AFTER_DAYS, toFigures } from './figures';
import { summaryOf } from './index-reports';
import type { ReportIndex } from './licence-index';

/** GET /reports/summary: the figures of the filtered licences, and of each licence type apart. */
export async function getSummary({
  db,
  reports,
  clock,
  query,
}: {
  db: Db;
  reports: ReportIndex;
  clock: Clock;
  query: unknown;
}): Promise<ReportSummary> {
  const filters = parseOrThrow(ZReportFilterQuery, query);
  const [ix, batchAt] = await Promise.all([reports.current(), lastBatchAt(db)]);
  const { all, byType } = summaryOf(ix, filters, daysBefore(clock(), STALE_AFTER_DAYS).getTime());
  return {
    ...toFigures(all),
    lastBatchAt: batchAt?.toISOString() ?? null,
    byLicenceType: { individual: toFigures(byType.individual), general: toFigures(byType.general) },
  };
}
