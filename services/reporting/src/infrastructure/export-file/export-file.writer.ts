import { once } from 'node:events';
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

/** Bytes of worksheet XML that may wait for the zip's compression before the next page is read. */
const XLSX_PENDING_BYTES = 1 << 20;

/**
 * exceljs writes a worksheet's XML into the zip without back-pressure (its StreamBuf ignores what
 * write() answers), so rows written faster than they are compressed, or than the client reads,
 * pile up in memory (300 MB more for an export of 200,000 rows). Before each page this waits until
 * the zip's input (the stream the worksheet writes to) is down to XLSX_PENDING_BYTES; the zip
 * itself follows `out`'s back-pressure. A download that stops meanwhile (`stopped`) ends the wait
 * with an error, as the CSV's pipeline does.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet, stopped: AbortSignal): Promise<void> {
  // The zip's input is a PassThrough of readable-stream 2 (archiver's), which has no writableLength.
  type ZipInput = Writable & { _writableState?: { length: number } };
  const zipInput = (sheet as unknown as { stream?: { pipes?: ZipInput[] } }).stream?.pipes?.[0];
  const pending = () => zipInput?.writableLength ?? zipInput?._writableState?.length ?? 0;
  stopped.throwIfAborted();
  while (pending() > XLSX_PENDING_BYTES) await once(zipInput!, 'drain', { signal: stopped });
}

/** The same columns as an XLSX workbook, each row committed (flushed) as it is written. */
export async function writeExportXlsx(pages: AsyncIterable<ExportRow[]>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const stopped = new AbortController();
  const stop = () => stopped.abort(new Error('the download stopped before the end of the file'));
  out.once('close', stop);
  try {
    const sheet = workbook.addWorksheet('licences');
    sheet.addRow([...REPORT_EXPORT_COLUMNS]).commit();
    for await (const page of pages) {
      for (const row of page) sheet.addRow(cells(row).map(xlsxCellValue)).commit();
      await zipCaughtUp(sheet, stopped.signal);
    }
    sheet.commit();
    await workbook.commit();
  } finally {
    out.off('close', stop);
  }
}
