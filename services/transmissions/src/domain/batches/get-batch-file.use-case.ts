import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZBatchFileQuery } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { fileRowPagesFromSnapshot } from '../../data-access/batch-item.repository';
import { batchCsv, writeBatchXlsx } from '../../infrastructure/batch-file/batch-file.writer';
import { batchFileName } from './batch-file-name';
import { findBatchOrThrow } from './batch-guards';

export interface BatchFile {
  contentType: string;
  fileName: string;
  /** Streams the file to `out` from the database, a page of rows at a time. */
  writeTo(out: Writable): Promise<void>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /transmissions/batches/{id}/file?format=csv|xlsx: exactly licence_number,submission_date. */
export async function getBatchFile({
  db,
  batchId,
  query,
}: {
  db: Db;
  batchId: unknown;
  query: unknown;
}): Promise<BatchFile> {
  const { format } = parseOrThrow(ZBatchFileQuery, query);
  const batch = await findBatchOrThrow(db, batchId);
  const fileName = batchFileName(batch.runNumber, format);
  if (format === 'xlsx') {
    return {
      contentType: XLSX,
      fileName,
      writeTo: (out) => writeBatchXlsx(fileRowPagesFromSnapshot(db, batch.id), out),
    };
  }
  return {
    contentType: 'text/csv; charset=utf-8',
    fileName,
    writeTo: (out) => pipeline(Readable.from(batchCsv(fileRowPagesFromSnapshot(db, batch.id))), out),
  };
}
