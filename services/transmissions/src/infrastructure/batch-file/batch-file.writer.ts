import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { BATCH_FILE_COLUMNS } from '@lmp/contracts';
import { csvLine, xlsxCellValue } from '@lmp/spreadsheet';
import type { FileRow } from '../../domain/batches/batch.types';

/**
 * The MOFCOM file carries the licence number and its submission date (the licence's
 * applicationDate), nothing else: data minimisation is a hard rule. It is built from `FileRow`s,
 * which hold nothing more, so no other field can slip in.
 */
const cells = (row: FileRow) => [row.licenceNumber, row.submissionDate] as const;

/**
 * CSV (RFC 4180: CRLF line ends, quoted where needed; UTF-8 without a byte-order mark, so the
 * first line is exactly `licence_number,submission_date`), one page of lines per chunk.
 */
export async function* batchCsv(pages: AsyncIterable<FileRow[]>): AsyncGenerator<string> {
  yield csvLine(BATCH_FILE_COLUMNS);
  for await (const page of pages) yield page.map((row) => csvLine(cells(row))).join('');
}

/** SHA-256 (hex) of the CSV file, computed while streaming it: the batch's fingerprint. */
export async function batchCsvSha256(pages: AsyncIterable<FileRow[]>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of batchCsv(pages)) hash.update(chunk, 'utf8');
  return hash.digest('hex');
}

/**
 * The same two columns as an XLSX workbook, written with exceljs's streaming writer: each row is
 * committed (flushed to `out`) as it is added, so the workbook is never held whole in memory.
 */
export async function writeBatchXlsx(pages: AsyncIterable<FileRow[]>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('batch');
  sheet.addRow([...BATCH_FILE_COLUMNS]).commit();
  for await (const page of pages) {
    for (const row of page) sheet.addRow(cells(row).map(xlsxCellValue)).commit();
  }
  sheet.commit();
  await workbook.commit();
}
