import type { ReportFilters } from '@lmp/contracts';
import type { ExportRow } from '../domain/reports/report.types';
import type { Db } from './database';
import { filterWhere, SqlParams } from './report-sql';

const PAGE_SIZE = 2000;

/**
 * Every filtered licence with its company's data, oldest submission first, one keyset page at a
 * time (each page a short query on its own connection: no cursor or transaction held for the
 * whole download, and memory bounded by one page).
 */
export async function* exportPages(db: Db, filters: ReportFilters): AsyncGenerator<ExportRow[]> {
  let after: { at: Date; id: string } | undefined;
  for (;;) {
    const p = new SqlParams();
    const where = [filterWhere(filters, p)];
    if (after)
      where.push(`(l.submitted_at, l.id) > (${p.add(after.at)}::timestamptz, ${p.add(after.id)}::uuid)`);
    const { rows } = await db.query<ExportRow>(
      `SELECT l.id, l.licence_number, l.licence_type, l.valid_from, l.valid_to, l.application_date,
              l.submitted_at, l.exporter_name, l.exporter_credit_code, l.sector, l.elements, l.product_type,
              l.quantity_kg, l.value_eur, l.urgent, l.status, l.decision_date,
              CASE WHEN l.status IN ('granted', 'refused') THEN l.decision_date - l.application_date END
                AS days_to_decision,
              l.customs_status, l.source, l.transmission_count, l.last_transmitted_at,
              l.company_id, l.company_name, l.company_eori, l.company_country, l.member_state, l.sme,
              l.company_sector
         FROM licences l WHERE ${where.join(' AND ')}
        ORDER BY l.submitted_at, l.id LIMIT ${PAGE_SIZE}`,
      p.values,
    );
    if (rows.length) yield rows;
    if (rows.length < PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.submitted_at, id: last.id };
  }
}
