import type { Readable } from 'node:stream';
import { escapeLiteral } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { ReportFilters } from '@lmp/contracts';
import type { ExportRow } from '../domain/reports/report.types';
import type { Db } from './database';
import { neutraliseFormulaSql } from './neutralise-formula.sql';
import { filterWhere, SqlParams } from './report-sql';

const PAGE_SIZE = 2000;

/** What both exports read, and in which order (the export index: submitted_at, id). */
const FROM_LICENCES = `FROM licences l`;
const ORDER = `ORDER BY l.submitted_at, l.id`;

/**
 * Every filtered licence with its company's data, oldest submission first, one keyset page at a
 * time (each page a short query on its own connection: no cursor or transaction held for the
 * whole download, and memory bounded by one page). The XLSX export reads these.
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
         ${FROM_LICENCES} WHERE ${where.join(' AND ')}
        ${ORDER} LIMIT ${PAGE_SIZE}`,
      p.values,
    );
    if (rows.length) yield rows;
    if (rows.length < PAGE_SIZE) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.submitted_at, id: last.id };
  }
}

/** How many licences the export of these filters holds (the XLSX row limit is checked first). */
export async function countExportRows(db: Db, filters: ReportFilters): Promise<number> {
  const p = new SqlParams();
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n ${FROM_LICENCES} WHERE ${filterWhere(filters, p)}`,
    p.values,
  );
  return rows[0]!.n;
}

/**
 * Values written into the statement as literals (COPY takes no parameters): each one quoted by
 * pg's escapeLiteral, then cast by the clause that uses it (`::date`, a text or boolean column).
 */
class LiteralParams extends SqlParams {
  override add(value: unknown): string {
    return escapeLiteral(String(value));
  }
}

/** A text cell as the CSV writer of @lmp/spreadsheet writes it: formula guard, and '' as no value. */
const text = (expr: string) => `NULLIF(${neutraliseFormulaSql(expr)}, '')`;
/** An instant as JavaScript's toISOString (UTC, milliseconds, Z). */
const instant = (expr: string) => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A day as 'YYYY-MM-DD' whatever the session's DateStyle. */
const day = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD')`;
/** A NUMERIC as String(Number(value)) writes it: no trailing zeros after the point. */
const amount = (expr: string) => `trim_scale(${expr})::text`;

/**
 * The CSV export's statement: the same licences, columns and order as exportPages, every cell
 * already formatted as the CSV writer formats it (csvField of @lmp/spreadsheet), text cells through
 * the formula guard's SQL twin. Quoting is PostgreSQL's (RFC 4180: a field holding a comma, quote
 * or line break is quoted, quotes doubled); rows end in LF (CRLF is the writer's, export-file).
 */
export function exportCsvSql(filters: ReportFilters): string {
  return `COPY (
    SELECT l.id, ${text('l.licence_number')}, ${text('l.licence_type')}, ${day('l.valid_from')},
           ${day('l.valid_to')}, ${day('l.application_date')}, ${instant('l.submitted_at')},
           ${text('l.exporter_name')}, ${text('l.exporter_credit_code')}, ${text('l.sector')},
           ${text("array_to_string(l.elements, ';')")}, ${text('l.product_type')},
           ${amount('l.quantity_kg')}, ${amount('l.value_eur')}, l.urgent::text, ${text('l.status')},
           ${day('l.decision_date')},
           CASE WHEN l.status IN ('granted', 'refused') THEN l.decision_date - l.application_date END,
           ${text('l.customs_status')}, ${text('l.source')}, l.transmission_count,
           ${instant('l.last_transmitted_at')}, l.company_id, ${text('l.company_name')},
           ${text('l.company_eori')}, ${text('l.company_country')}, ${text('l.member_state')},
           l.sme::text, ${text('l.company_sector')}
      ${FROM_LICENCES} WHERE ${filterWhere(filters, new LiteralParams())}
     ${ORDER}
  ) TO STDOUT WITH (FORMAT csv)`;
}

/**
 * Runs the CSV export's COPY on a connection of its own and hands its output (CSV rows, LF) to
 * `use`, which reads it with back-pressure; PostgreSQL writes only as fast as `use` reads. One
 * statement, so one snapshot for the whole file (a consistent export), held while the download
 * lasts. A COPY stopped part-way leaves its connection unusable: it is closed, not returned to the pool.
 */
export async function withExportCsvCopy<T>(
  db: Db,
  filters: ReportFilters,
  use: (rows: Readable) => Promise<T>,
): Promise<T> {
  const client = await db.connect();
  try {
    const result = await use(client.query(copyTo(exportCsvSql(filters))));
    client.release();
    return result;
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
