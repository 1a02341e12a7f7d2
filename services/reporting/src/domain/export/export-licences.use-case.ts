import type { Writable } from 'node:stream';
import { ZReportExportQuery } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { XLSX_MAX_ROWS } from '@lmp/spreadsheet';
import type { Db } from '../../data-access/database';
import { countExportRows, exportPages, withExportCsvCopy } from '../../data-access/export.repository';
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

/** Licences an XLSX sheet holds: Excel's last row, less the header. */
export const XLSX_MAX_LICENCES = XLSX_MAX_ROWS - 1;

/**
 * GET /reports/export?format=csv|xlsx: every filtered licence with its company's data. An XLSX of
 * more licences than a sheet holds is refused before a byte is sent (422 naming `format`), never
 * cut off part-way; the CSV has no such limit.
 */
export async function exportLicences({
  db,
  query,
  now,
  xlsxMaxLicences = XLSX_MAX_LICENCES,
}: {
  db: Db;
  query: unknown;
  now: Date;
  xlsxMaxLicences?: number;
}): Promise<ExportFile> {
  const { format, ...filters } = parseOrThrow(ZReportExportQuery, query);
  const fileName = `licences-${now.toISOString().slice(0, 10)}.${format}`;
  if (format === 'xlsx') {
    const licences = await countExportRows(db, filters);
    if (licences > xlsxMaxLicences) {
      throw new AppError('VALIDATION.FAILED', 'Too many licences for one XLSX file', {
        errors: [
          {
            field: 'format',
            message: `an XLSX sheet holds at most ${xlsxMaxLicences.toLocaleString('en')} licences and these filters match ${licences.toLocaleString('en')}: export as csv, or narrow the filters`,
          },
        ],
      });
    }
    return { contentType: XLSX, fileName, writeTo: (out) => writeExportXlsx(exportPages(db, filters), out) };
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName,
    writeTo: (out) => withExportCsvCopy(db, filters, (rows) => writeExportCsv(rows, out)),
  };
}
