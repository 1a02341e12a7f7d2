import { SHAREABLE_MIN_CELL, ZShareableQuery, type ShareableReport } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { shareableCountsOf } from './index-reports';
import type { ReportIndex } from './licence-index';
import { suppressRow } from './shareable-suppression';

/**
 * GET /reports/shareable: counts fit to share outside the Commission (with MOFCOM, say). No
 * company, exporter or licence identity can be asked for; small cells are suppressed (see
 * suppressRow for the rule).
 */
export async function getShareable({
  reports,
  query,
}: {
  reports: ReportIndex;
  query: unknown;
}): Promise<ShareableReport> {
  const { by, interval, ...filters } = parseOrThrow(ZShareableQuery, query);
  const rows = shareableCountsOf(await reports.current(), by, interval, filters);
  return {
    by: by ?? null,
    interval: interval ?? null,
    minimumCell: SHAREABLE_MIN_CELL,
    rows: rows.map(suppressRow),
  };
}
