import type { Writable } from 'node:stream';
import { ZReportExportQuery } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { exportPages, withExportCsvCopy } from '../../data-access/export.repository';
import { writeExportCsv, writeExportXlsx } from '../../infrastructure/export-file/export-file.writer';

export interface ExportFile {
  contentType: string;
  fileName: string;
  /**
   * Streams the file to `out` with its back-pressure (constant memory): CSV as one COPY from
   * PostgreSQL, XLSX a keyset page of licences at a time.
   */
  writeTo(out: Writable): Promise<void>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /reports/export?format=csv|xlsx: every filtered licence with its company's data. */
export function exportLicences({ db, query, now }: { db: Db; query: unknown; now: Date }): ExportFile {
  const { format, ...filters } = parseOrThrow(ZReportExportQuery, query);
  const fileName = `licences-${now.toISOString().slice(0, 10)}.${format}`;
  if (format === 'xlsx') {
    return { contentType: XLSX, fileName, writeTo: (out) => writeExportXlsx(exportPages(db, filters), out) };
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName,
    writeTo: (out) => withExportCsvCopy(db, filters, (rows) => writeExportCsv(rows, out)),
  };
}
