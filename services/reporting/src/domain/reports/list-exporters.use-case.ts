import { z } from 'zod';
import { ZExporterReport, ZExportersQuery } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { approvalRate, days } from './figures';
import { exportersOf } from './index-reports';
import type { ReportIndex } from './licence-index';

/** GET /reports/exporters: the Chinese exporter table, most licences first. */
export async function listExporters({
  reports,
  query,
}: {
  reports: ReportIndex;
  query: unknown;
}): Promise<z.infer<typeof ZExporterReport>> {
  const { limit, ...filters } = parseOrThrow(ZExportersQuery, query);
  const rows = exportersOf(await reports.current(), filters, limit);
  return {
    items: rows.map((r) => ({
      exporter: r.exporter,
      creditCode: r.credit_code,
      licences: r.licences,
      pending: r.pending,
      granted: r.granted,
      refused: r.refused,
      approvalRate: approvalRate(r.granted, r.refused),
      medianDaysToDecision: days(r.median_days),
      generalLicences: r.general,
    })),
  };
}
