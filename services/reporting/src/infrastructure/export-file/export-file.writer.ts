import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { REPORT_EXPORT_COLUMNS } from '@lmp/contracts';
import { csvLine, CSV_BOM, xlsxCellValue, type CellValue } from '@lmp/spreadsheet';
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

/** The same columns as an XLSX workbook, each row committed (flushed) as it is written. */
export async function writeExportXlsx(pages: AsyncIterable<ExportRow[]>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('licences');
  sheet.addRow([...REPORT_EXPORT_COLUMNS]).commit();
  for await (const page of pages) {
    for (const row of page) sheet.addRow(cells(row).map(xlsxCellValue)).commit();
  }
  sheet.commit();
  await workbook.commit();
}
