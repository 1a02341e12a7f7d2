import { ZReportFilterQuery, type ReportSummary } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { summaryFigures } from '../../data-access/figures.repository';
import type { Clock } from '../clock';
import { daysBefore, STALE_AFTER_DAYS, toFigures } from './figures';

/** GET /reports/summary: the figures of the filtered licences, and of each licence type apart. */
export async function getSummary({
  db,
  clock,
  query,
}: {
  db: Db;
  clock: Clock;
  query: unknown;
}): Promise<ReportSummary> {
  const filters = parseOrThrow(ZReportFilterQuery, query);
  const { all, byType, lastBatchAt } = await summaryFigures(
    db,
    filters,
    daysBefore(clock(), STALE_AFTER_DAYS),
  );
  return {
    ...toFigures(all),
    lastBatchAt: lastBatchAt?.toISOString() ?? null,
    byLicenceType: { individual: toFigures(byType.individual), general: toFigures(byType.general) },
  };
}
