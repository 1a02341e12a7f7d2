import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { REPORT_EXPORT_COLUMNS } from '@lmp/contracts';
import { csvLine, CSV_BOM, xlsxCellValue, type CellValue } from '@lmp/spreadsheet';
import type { ExportRow } from '../../domain/reports/report.types';

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
 * Lines per chunk written: about 80 KB, well under V8's large-object size (a string that large is
 * allocated outside the young generation and lingers until a full collection: a page of 2,000
 * lines per chunk made the process grow by about 150 MB over a big export).
 */
const LINES_PER_CHUNK = 250;

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheets keep accents and Chinese
 * names), 250 lines per chunk; every text cell through the formula guard of csvLine.
 */
export async function* exportCsv(pages: AsyncIterable<ExportRow[]>): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(REPORT_EXPORT_COLUMNS);
  for await (const page of pages) {
    for (let i = 0; i < page.length; i += LINES_PER_CHUNK) {
      let chunk = '';
      for (const row of page.slice(i, i + LINES_PER_CHUNK)) chunk += csvLine(cells(row));
      yield chunk;
    }
  }
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
