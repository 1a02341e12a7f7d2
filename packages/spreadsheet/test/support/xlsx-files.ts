import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { neutraliseFormula, openXlsxSheet, type CellValue, type XlsxSheetOptions } from '../../src';

/** A workbook written by openXlsxSheet into memory, rows added as a caller honouring back-pressure does. */
export async function writeWorkbook(
  columns: string[],
  rows: Iterable<readonly CellValue[]>,
  options: Partial<XlsxSheetOptions> = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const sheet = openXlsxSheet(out, { sheetName: 'licences', columns, ...options });
  for (const row of rows) if (!sheet.addRow(row)) await sheet.drained();
  await sheet.end();
  return Buffer.concat(chunks);
}

/**
 * A text as Excel and LibreOffice read it: exceljs's reader leaves the `_xHHHH_` escapes of
 * inline strings (ST_Xstring, how XML-forbidden characters travel) as they are.
 */
const asExcelReadsIt = (text: string): string =>
  text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** A cell as the reader should give it back: what xlsxCellValue makes of it, no cell for nothing. */
export function expectedCell(value: CellValue): unknown {
  if (value === null || value === undefined || value === '') return null;
  // Lone surrogates cannot be UTF-8: the encoding writes U+FFFD for each.
  if (typeof value === 'string') return Buffer.from(neutraliseFormula(value)).toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return value;
}

/** A row's cells as a reader gives them back: trailing empty cells are no cells. */
export function expectedRow(values: readonly CellValue[]): unknown[] {
  const cells = values.map(expectedCell);
  while (cells.length && cells[cells.length - 1] === null) cells.pop();
  return cells;
}

/** Every row of the first sheet, read by exceljs's workbook reader (the whole file at once). */
export async function readBack(file: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row, n) => {
    const values = (row.values as unknown[]).slice(1);
    rows[n - 1] = Array.from(values, (v) => (typeof v === 'string' ? asExcelReadsIt(v) : (v ?? null)));
  });
  return Array.from(rows, (row) => row ?? []);
}

/** The files of a (classic, not ZIP64) zip by name, inflated, found through its central directory. */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const files = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('ascii', at + 46, at + 46 + nameLength);
    const compressed = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    files.set(name, inflateRawSync(zip.subarray(start, start + compressed)));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

/** `unzip -t` on the file (Info-ZIP checks every CRC and size); undefined when unzip is not installed. */
export function unzipTest(file: Buffer): { status: number | null; output: string } | undefined {
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).error) return undefined;
  const where = path.join(mkdtempSync(path.join(os.tmpdir(), 'xlsx-')), 'book.xlsx');
  writeFileSync(where, file);
  const run = spawnSync('unzip', ['-t', where], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}
