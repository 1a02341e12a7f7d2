import { randomUUID } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { identityAudience } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import { identityHeaders, waitUntil, type ApiResponse } from '@lmp/testing';
import type { ApiClient } from './transmissions-harness';

export const CSV = 'text/csv';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Cell = string | number | Date | null;

/** A CSV file: the header, then each row's cells (quoted where needed), CRLF line ends. */
export function toCsv(rows: Cell[][], header = 'licence_number,status,date'): string {
  const cell = (value: Cell) => {
    const text =
      value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** An XLSX workbook with one sheet "Feedback", made with the library the service reads it with. */
export async function toXlsx(
  rows: Cell[][],
  header: string[] = ['licence_number', 'status', 'date'],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Feedback');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** POSTs a file to POST /transmissions/feedback as the raw body with its content type, as the client. */
export async function upload(
  baseUrl: string,
  client: ApiClient,
  body: string | Buffer,
  contentType: string,
): Promise<ApiResponse> {
  const headers = await identityHeaders(client.identity, { audience: identityAudience('transmissions') });
  const response = await fetch(`${baseUrl}/api/v1/transmissions/feedback`, {
    method: 'POST',
    headers: { ...headers, 'content-type': contentType },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
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
  central.writeUInt32LE(0, 42);
  const centralAt = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralAt, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

export interface EventCapture {
  events: AnyEnvelope[];
  waitFor(predicate: (e: AnyEnvelope) => boolean, what?: string): Promise<AnyEnvelope>;
  close(): Promise<void>;
}

/** Collects the events of these types published on the vhost from now on (a queue of its own). */
export async function captureEvents(vhostUrl: string, types: string[]): Promise<EventCapture> {
  const bus: Bus = await connectBus({
    url: vhostUrl,
    connectionName: 'test-capture',
    logger: createLogger({ name: 'test-capture', level: 'silent' }),
  });
  const events: AnyEnvelope[] = [];
  await bus.consume({
    queue: `test.capture.${randomUUID().slice(0, 8)}`,
    eventTypes: types,
    handler: async (envelope) => {
      events.push(envelope);
    },
  });
  return {
    events,
    waitFor: (predicate, what = 'an event') => waitUntil(() => events.find(predicate), what),
    close: () => bus.close(),
  };
}
