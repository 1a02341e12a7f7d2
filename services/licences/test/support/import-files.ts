import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { identityHeaders } from '@lmp/testing';
import { aLicence } from './builders';
import type { ApiClient, ApiResponse } from './licences-harness';

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type FileRow = Record<string, string | number | boolean | Date | null | undefined>;

/** A valid licence as one row of an import file (flat columns); override any column. */
export function aLicenceRow(overrides: FileRow = {}): FileRow {
  const { exporter, elements, ...rest } = aLicence();
  return {
    ...(rest as FileRow),
    exporterName: exporter.name,
    elements: elements.join(';'),
    ...overrides,
  };
}

const columnsOf = (rows: FileRow[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))];

function csvCell(value: FileRow[string], delimiter: string): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file with a header row of every column the rows use. */
export function toCsv(rows: FileRow[], options: { delimiter?: string; columns?: string[] } = {}): string {
  const delimiter = options.delimiter ?? ',';
  const columns = options.columns ?? columnsOf(rows);
  const line = (cells: FileRow[string][]) => cells.map((c) => csvCell(c, delimiter)).join(delimiter);
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c])))].join('\r\n') + '\r\n';
}

/** An XLSX workbook with one "Licences" sheet, made with the library the service reads it with. */
export async function toXlsx(rows: FileRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Licences');
  const columns = columnsOf(rows);
  sheet.addRow(columns);
  for (const r of rows) sheet.addRow(columns.map((c) => r[c] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A ZIP with one entry that inflates to `bytes` zeros: what a "zip bomb" workbook looks like. */
export function zipOfZeros(bytes: number): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const data = deflateRawSync(Buffer.alloc(bytes));
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(bytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(bytes, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** POST /licences/import with a raw body, as the gateway forwards an upload. */
export async function upload(
  baseUrl: string,
  client: ApiClient,
  body: string | Buffer,
  contentType: string,
  query = '',
): Promise<ApiResponse> {
  const response = await fetch(`${baseUrl}/api/v1/licences/import${query}`, {
    method: 'POST',
    headers: { ...(await identityHeaders(client.identity)), 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
    text,
  };
}
