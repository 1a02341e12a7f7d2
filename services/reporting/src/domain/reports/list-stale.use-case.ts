import { z } from 'zod';
import { ZStaleQuery, ZStaleReport } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { staleRows } from '../../data-access/report-lists.repository';
import type { Clock } from '../clock';
import { daysBefore, daysBetween } from './figures';

/** GET /reports/stale?days=14: open licences, transmitted, whose status has not moved for `days`. */
export async function listStale({
  db,
  clock,
  query,
}: {
  db: Db;
  clock: Clock;
  query: unknown;
}): Promise<z.infer<typeof ZStaleReport>> {
  const { days, limit, ...filters } = parseOrThrow(ZStaleQuery, query);
  const now = clock();
  const { total, rows } = await staleRows(db, filters, daysBefore(now, days), limit);
  return {
    days,
    total,
    items: rows.map((r) => ({
      licenceId: r.id,
      licenceNumber: r.licence_number,
      companyId: r.company_id,
      companyName: r.company_name,
      memberState: r.member_state,
      exporter: r.exporter_name,
      licenceType: r.licence_type,
      urgent: r.urgent,
      status: r.status,
      submittedAt: r.submitted_at.toISOString(),
      statusChangedAt: r.status_changed_at.toISOString(),
      daysSinceStatusChange: daysBetween(r.status_changed_at, now),
      transmissionCount: r.transmission_count,
      lastTransmittedAt: r.last_transmitted_at.toISOString(),
    })),
  };
}
