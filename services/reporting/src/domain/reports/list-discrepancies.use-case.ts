import { z } from 'zod';
import { ZDiscrepancyReport, ZDiscrepancyReportQuery } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { discrepancyRows } from '../../data-access/report-lists.repository';

/** GET /reports/discrepancies: where the company's answer differs from what MOFCOM reported. */
export async function listDiscrepancies({
  db,
  query,
}: {
  db: Db;
  query: unknown;
}): Promise<z.infer<typeof ZDiscrepancyReport>> {
  const { limit, ...filters } = parseOrThrow(ZDiscrepancyReportQuery, query);
  const { total, rows } = await discrepancyRows(db, filters, limit);
  return {
    total,
    items: rows.map((r) => ({
      licenceId: r.licence_id,
      licenceNumber: r.licence_number,
      companyId: r.company_id,
      companyName: r.company_name,
      status: r.status,
      reportedStatus: r.reported_status,
      reportedDate: r.reported_date,
      confirmedStatus: r.confirmed_status,
      comment: r.comment,
      recordedAt: r.recorded_at.toISOString(),
    })),
  };
}
