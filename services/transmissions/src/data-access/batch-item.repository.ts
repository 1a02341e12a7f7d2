import type { BatchItem, FileRow, ItemKeyset } from '../domain/batches/batch.types';
import type { Db, Queryable } from './database';

interface ItemRow {
  licence_id: string;
  licence_number: string;
  submission_date: string;
  excluded: boolean;
  exclusion_reason: string | null;
}

const toItem = (r: ItemRow): BatchItem => ({
  licenceId: r.licence_id,
  licenceNumber: r.licence_number,
  submissionDate: r.submission_date,
  excluded: r.excluded,
  exclusionReason: r.exclusion_reason,
});

/** Items in file order (licence number, then id), one keyset page at a time. */
export async function listItems(
  db: Queryable,
  batchId: string,
  after: ItemKeyset | undefined,
  limit: number,
): Promise<{ items: BatchItem[]; next: ItemKeyset | undefined }> {
  const params: unknown[] = [batchId, limit + 1];
  let keyset = '';
  if (after) {
    params.push(after.licenceNumber, after.licenceId);
    keyset = `AND (licence_number, licence_id) > ($3, $4::uuid)`;
  }
  const { rows } = await db.query<ItemRow>(
    `SELECT licence_id, licence_number, submission_date, excluded, exclusion_reason FROM batch_items
      WHERE batch_id = $1 ${keyset} ORDER BY licence_number, licence_id LIMIT $2`,
    params,
  );
  const items = rows.slice(0, limit).map(toItem);
  const last = items.at(-1);
  return {
    items,
    next:
      rows.length > limit && last
        ? { licenceNumber: last.licenceNumber, licenceId: last.licenceId }
        : undefined,
  };
}

export async function findItem(
  db: Queryable,
  batchId: string,
  licenceId: string,
): Promise<BatchItem | undefined> {
  const { rows } = await db.query<ItemRow>(
    `SELECT licence_id, licence_number, submission_date, excluded, exclusion_reason FROM batch_items
      WHERE batch_id = $1 AND licence_id = $2`,
    [batchId, licenceId],
  );
  return rows[0] ? toItem(rows[0]) : undefined;
}

export async function excludeItem(
  tx: Queryable,
  batchId: string,
  licenceId: string,
  reason: string,
): Promise<BatchItem> {
  const { rows } = await tx.query<ItemRow>(
    `UPDATE batch_items SET excluded = true, exclusion_reason = $3 WHERE batch_id = $1 AND licence_id = $2
     RETURNING licence_id, licence_number, submission_date, excluded, exclusion_reason`,
    [batchId, licenceId, reason],
  );
  return toItem(rows[0]!);
}

export async function countItems(
  db: Queryable,
  batchId: string,
): Promise<{ itemCount: number; excludedCount: number }> {
  const { rows } = await db.query<{ included: number; excluded: number }>(
    `SELECT count(*) FILTER (WHERE NOT excluded)::int AS included, count(*) FILTER (WHERE excluded)::int AS excluded
       FROM batch_items WHERE batch_id = $1`,
    [batchId],
  );
  return { itemCount: rows[0]!.included, excludedCount: rows[0]!.excluded };
}

const FILE_PAGE = 2000;

/**
 * The file's lines in keyset pages of a few thousand rows: memory stays flat however large the
 * batch. Only the two columns of the file are read, so nothing else can reach it.
 */
export async function* fileRowPages(db: Queryable, batchId: string): AsyncGenerator<FileRow[]> {
  let after: { number: string; id: string } | undefined;
  for (;;) {
    const params: unknown[] = [batchId, FILE_PAGE];
    if (after) params.push(after.number, after.id);
    const { rows } = await db.query<{ licence_id: string; licence_number: string; submission_date: string }>(
      `SELECT licence_id, licence_number, submission_date FROM batch_items
        WHERE batch_id = $1 AND NOT excluded ${after ? 'AND (licence_number, licence_id) > ($3, $4::uuid)' : ''}
        ORDER BY licence_number, licence_id LIMIT $2`,
      params,
    );
    if (rows.length > 0) {
      yield rows.map((r) => ({ licenceNumber: r.licence_number, submissionDate: r.submission_date }));
    }
    if (rows.length < FILE_PAGE) return;
    const last = rows.at(-1)!;
    after = { number: last.licence_number, id: last.licence_id };
  }
}

/**
 * The same pages read from one snapshot (a read-only repeatable-read transaction), so a download
 * is one consistent file even while the draft is being edited. The connection is given back
 * however the reading ends (a client that disconnects stops the generator).
 */
export async function* fileRowPagesFromSnapshot(db: Db, batchId: string): AsyncGenerator<FileRow[]> {
  const client = await db.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  let open = false;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    yield* fileRowPages(client, batchId);
    await client.query('COMMIT');
    open = false;
  } finally {
    if (open) await client.query('ROLLBACK').catch((error: Error) => (broken = error));
    client.removeListener('error', onError);
    client.release(broken);
  }
}

const TRANSMITTED_PAGE = 5000;

/**
 * The licences a dispatched batch sent (excluded items not), in keyset pages: one
 * LicenceTransmitted each, written a page at a time so a batch of 100,000 never sits in memory.
 */
export async function* transmittedItemPages(
  db: Queryable,
  batchId: string,
): AsyncGenerator<{ licenceId: string; licenceNumber: string }[]> {
  let after: string | undefined;
  for (;;) {
    const params: unknown[] = [batchId, TRANSMITTED_PAGE];
    if (after) params.push(after);
    const { rows } = await db.query<{ licence_id: string; licence_number: string }>(
      `SELECT licence_id, licence_number FROM batch_items
        WHERE batch_id = $1 AND NOT excluded ${after ? 'AND licence_id > $3::uuid' : ''}
        ORDER BY licence_id LIMIT $2`,
      params,
    );
    if (rows.length > 0) {
      yield rows.map((r) => ({ licenceId: r.licence_id, licenceNumber: r.licence_number }));
    }
    if (rows.length < TRANSMITTED_PAGE) return;
    after = rows.at(-1)!.licence_id;
  }
}
