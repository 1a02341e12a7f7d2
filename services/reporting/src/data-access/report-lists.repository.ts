import type { ReportFilters } from '@lmp/contracts';
import type { DiscrepancyRow, StaleRow } from '../domain/reports/report.types';
import type { Queryable } from './database';
import { filterWhere, OPEN, SqlParams } from './report-sql';

/** Open licences transmitted at least once whose status has not changed since `before`. */
export async function staleRows(db: Queryable, filters: ReportFilters, before: Date, limit: number) {
  const p = new SqlParams();
  const where = `${filterWhere(filters, p)} AND ${OPEN} AND l.transmission_count > 0
                 AND l.status_changed_at <= ${p.add(before)}::timestamptz`;
  const countValues = [...p.values];
  const limitParam = p.add(limit);
  const [{ rows: counted }, { rows }] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM licences l WHERE ${where}`, countValues),
    db.query<StaleRow>(
      `SELECT l.id, l.licence_number, l.company_id, l.company_name, l.member_state, l.exporter_name,
              l.licence_type, l.urgent, l.status, l.submitted_at, l.status_changed_at,
              l.transmission_count, l.last_transmitted_at
         FROM licences l WHERE ${where}
        ORDER BY l.status_changed_at, l.id LIMIT ${limitParam}`,
      p.values,
    ),
  ]);
  return { total: counted[0]?.n ?? 0, rows };
}

/**
 * Licences whose latest confirmation says something other than what Chinese authorities
 * reported, with the date of that report; newest answer first.
 */
export async function discrepancyRows(db: Queryable, filters: ReportFilters, limit: number) {
  const p = new SqlParams();
  const from = `FROM (SELECT DISTINCT ON (licence_id) * FROM confirmations
                      ORDER BY licence_id, recorded_at DESC, id) c
                JOIN licences l ON l.id = c.licence_id
               WHERE c.reported_status <> c.confirmed_status AND ${filterWhere(filters, p)}`;
  const countValues = [...p.values];
  const limitParam = p.add(limit);
  const [{ rows: counted }, { rows }] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, countValues),
    db.query<DiscrepancyRow>(
      `SELECT c.licence_id, c.licence_number, c.company_id, l.company_name, l.status, c.reported_status,
              (SELECT r.date FROM mofcom_reports r
                WHERE r.number_normalised = l.number_normalised AND r.status = c.reported_status
                ORDER BY r.received_at DESC LIMIT 1) AS reported_date,
              c.confirmed_status, c.comment, c.recorded_at
         ${from}
        ORDER BY c.recorded_at DESC, c.licence_id LIMIT ${limitParam}`,
      p.values,
    ),
  ]);
  return { total: counted[0]?.n ?? 0, rows };
}
