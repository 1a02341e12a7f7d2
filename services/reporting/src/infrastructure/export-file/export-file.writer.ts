import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { REPORT_EXPORT_COLUMNS } from '@lmp/contracts';
import { csvLine, CSV_BOM, openXlsxSheet, type CellValue } from '@lmp/spreadsheet';
import type { ExportRow } from '../../domain/reports/report.types';
import { withCrlfRowEnds } from './csv-line-endings';

/** One licence as the export's cells, in REPORT_EXPORT_COLUMNS order. */
function cells(r: ExportRow): CellValue[] {
  return [
    r.id,
    r.licence_number,
    r.licence_type,
    r.valid_from,
    r.valid_to,
    r.application_date,
    r.submitted_at,
    r.exporter_name,
    r.exporter_credit_code,
    r.sector,
    r.elements.join(';'),
    r.product_type,
    r.quantity_kg,
    r.value_eur,
    r.urgent,
    r.status,
    r.decision_date,
    r.days_to_decision,
    r.customs_status,
    r.source,
    r.transmission_count,
    r.last_transmitted_at,
    r.company_id,
    r.company_name,
    r.company_eori,
    r.company_country,
    r.member_state,
    r.sme,
    r.company_sector,
  ];
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheets keep accents and Chinese
 * names): the header of REPORT_EXPORT_COLUMNS, then the rows as PostgreSQL's COPY wrote them (each
 * cell formatted and its text through the formula guard's SQL twin: data-access/export.repository),
 * their row ends made CRLF; `out`'s back-pressure holds the COPY back (constant memory).
 */
export async function writeExportCsv(rows: Readable, out: Writable): Promise<void> {
  await pipeline(
    rows,
    async function* csvFile(chunks: AsyncIterable<Buffer>) {
      yield Buffer.from(CSV_BOM + csvLine(REPORT_EXPORT_COLUMNS));
      yield* withCrlfRowEnds(chunks);
    },
    out,
  );
}

/**
 * The same columns as an XLSX workbook (@lmp/spreadsheet's streaming writer): each page of
 * licences becomes rows of XML handed to the zip, waiting whenever the zip or `out` is behind
 * (constant memory: one page and a few chunks of XML). A download that stops meanwhile ends the
 * wait with an error, as the CSV's pipeline does; a failed page read leaves the file cut short
 * (no end of the zip, so no reader takes it for a whole file).
 */
export async function writeExportXlsx(pages: AsyncIterable<ExportRow[]>, out: Writable): Promise<void> {
  const sheet = openXlsxSheet(out, { sheetName: 'licences', columns: REPORT_EXPORT_COLUMNS });
  try {
    for await (const page of pages) {
      for (const row of page) if (!sheet.addRow(cells(row))) await sheet.drained();
    }
    await sheet.end();
  } catch (error) {
    sheet.destroy(error as Error);
    throw error;
  }
}
