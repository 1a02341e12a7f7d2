import type {
  Batch,
  BatchKeyset,
  BatchStatus,
  EligibilityCriteria,
  NewBatch,
} from '../domain/batches/batch.types';
import type { Queryable } from './database';

interface BatchRow {
  id: string;
  run_number: number;
  kind: Batch['kind'];
  slot_key: string | null;
  period: string;
  cut_off: Date;
  late: boolean;
  status: BatchStatus;
  created_at: Date;
  dispatched_at: Date | null;
  item_count: number;
  excluded_count: number;
  file_sha256: string | null;
  dispatch_attempts: number;
  last_error: string | null;
  message_id: string | null;
  sent_at: Date | null;
}

const COLUMNS = `id, run_number, kind, slot_key, period, cut_off, late, status, created_at, dispatched_at,
  item_count, excluded_count, file_sha256, dispatch_attempts, last_error, message_id, sent_at`;

const toBatch = (r: BatchRow): Batch => ({
  id: r.id,
  runNumber: r.run_number,
  kind: r.kind,
  period: r.period,
  slot: r.slot_key,
  cutOff: r.cut_off.toISOString(),
  late: r.late,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  dispatchedAt: r.dispatched_at?.toISOString() ?? null,
  itemCount: r.item_count,
  excludedCount: r.excluded_count,
  fileSha256: r.file_sha256,
  dispatch: {
    attempts: r.dispatch_attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    sentAt: r.sent_at?.toISOString() ?? null,
  },
});

const RUN_COUNTER = 'batch_run';

/**
 * Locks the run-number counter until the transaction ends: batch creation is serialised, so a
 * slot check made after this sees every batch committed before, and the number taken is the
 * next one without a gap (a transaction that rolls back gives its number back).
 */
export async function lockRunCounter(tx: Queryable): Promise<number> {
  await tx.query(`INSERT INTO counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [
    RUN_COUNTER,
  ]);
  const { rows } = await tx.query<{ value: number }>(
    `SELECT value FROM counters WHERE name = $1 FOR UPDATE`,
    [RUN_COUNTER],
  );
  return rows[0]!.value;
}

export async function setRunCounter(tx: Queryable, value: number): Promise<void> {
  await tx.query(`UPDATE counters SET value = $2 WHERE name = $1`, [RUN_COUNTER, value]);
}

/** Inserts the batch unless its slot already has one (then undefined). */
export async function insertBatch(
  tx: Queryable,
  batch: NewBatch & { runNumber: number; now: Date },
): Promise<Batch | undefined> {
  const { rows } = await tx.query<BatchRow>(
    `INSERT INTO batches (id, run_number, kind, slot_key, period, cut_off, late, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (slot_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [batch.id, batch.runNumber, batch.kind, batch.slotKey, batch.period, batch.cutOff, batch.late, batch.now],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

/** Copies every eligible licence into the batch in one statement; returns how many. */
export async function insertEligibleItems(
  tx: Queryable,
  batchId: string,
  criteria: EligibilityCriteria,
): Promise<number> {
  const params: unknown[] = [batchId, criteria.cutOff];
  const conditions = [
    `status IN ('pending', 'processing')`,
    `submitted_at <= $2`,
    // Known only once LicenceSubmitted has arrived; until then the licence waits for the next batch.
    `application_date IS NOT NULL`,
  ];
  if (criteria.urgentOnly) {
    conditions.push('urgent');
    // Nor those already waiting in another urgent batch (a draft under review, or being sent):
    // two urgent batches built back to back would otherwise send the same licences twice.
    conditions.push(`NOT EXISTS (
      SELECT 1 FROM batch_items i JOIN batches b ON b.id = i.batch_id
       WHERE i.licence_id = licences.id AND NOT i.excluded
         AND b.kind = 'urgent' AND b.status IN ('draft', 'dispatching'))`);
  }
  if (criteria.notTransmittedSince) {
    params.push(criteria.notTransmittedSince);
    conditions.push(`(last_transmitted_at IS NULL OR last_transmitted_at <= $${params.length})`);
  }
  const result = await tx.query(
    `INSERT INTO batch_items (batch_id, licence_id, licence_number, submission_date)
     SELECT $1, id, licence_number, application_date FROM licences WHERE ${conditions.join(' AND ')}`,
    params,
  );
  return result.rowCount ?? 0;
}

export async function updateBatchFile(
  tx: Queryable,
  batchId: string,
  file: { itemCount: number; excludedCount: number; sha256: string },
): Promise<Batch> {
  const { rows } = await tx.query<BatchRow>(
    `UPDATE batches SET item_count = $2, excluded_count = $3, file_sha256 = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
    [batchId, file.itemCount, file.excludedCount, file.sha256],
  );
  return toBatch(rows[0]!);
}

export async function findBatch(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Batch | undefined> {
  const { rows } = await db.query<BatchRow>(
    `SELECT ${COLUMNS} FROM batches WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

export async function findBatchForSlot(db: Queryable, slotKey: string): Promise<Batch | undefined> {
  const { rows } = await db.query<BatchRow>(`SELECT ${COLUMNS} FROM batches WHERE slot_key = $1`, [slotKey]);
  return rows[0] ? toBatch(rows[0]) : undefined;
}

export async function latestScheduledBatch(db: Queryable): Promise<Batch | undefined> {
  const { rows } = await db.query<BatchRow>(
    `SELECT ${COLUMNS} FROM batches WHERE kind = 'scheduled' ORDER BY run_number DESC LIMIT 1`,
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

/** Newest first (run numbers follow creation: batches are created one at a time), in keyset pages. */
export async function listBatches(
  db: Queryable,
  after: BatchKeyset | undefined,
  limit: number,
): Promise<{ batches: Batch[]; next: BatchKeyset | undefined }> {
  const params: unknown[] = [limit + 1];
  let where = '';
  if (after) {
    params.push(after.runNumber);
    where = 'WHERE run_number < $2';
  }
  const { rows } = await db.query<BatchRow>(
    `SELECT ${COLUMNS} FROM batches ${where} ORDER BY run_number DESC LIMIT $1`,
    params,
  );
  const batches = rows.slice(0, limit).map(toBatch);
  const last = batches.at(-1);
  return { batches, next: rows.length > limit && last ? { runNumber: last.runNumber } : undefined };
}

export async function setBatchStatus(tx: Queryable, id: string, status: BatchStatus): Promise<Batch> {
  const { rows } = await tx.query<BatchRow>(
    `UPDATE batches SET status = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status],
  );
  return toBatch(rows[0]!);
}

/** draft or failed → dispatching: the send is due (the dispatcher picks it up). */
export async function startDispatch(tx: Queryable, id: string, messageId: string): Promise<Batch> {
  const { rows } = await tx.query<BatchRow>(
    `UPDATE batches SET status = 'dispatching', message_id = $2, last_error = NULL
      WHERE id = $1 AND status IN ('draft', 'failed') RETURNING ${COLUMNS}`,
    [id, messageId],
  );
  return toBatch(rows[0]!);
}

/** Batches waiting for their e-mail (requested, or left so by a crash), oldest run first. */
export async function listDispatchingBatchIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM batches WHERE status = 'dispatching' ORDER BY run_number`,
  );
  return rows.map((r) => r.id);
}

/*
 * Every write below names `status = 'dispatching'`: whatever another replica (or a Commission
 * request) did to the batch meanwhile, a dispatch changes only a batch that is still being sent,
 * and only one transaction can move it on to dispatched or failed.
 */

/** One more send begins; undefined when the batch is no longer dispatching. */
export async function countDispatchAttempt(db: Queryable, id: string): Promise<Batch | undefined> {
  const { rows } = await db.query<BatchRow>(
    `UPDATE batches SET dispatch_attempts = dispatch_attempts + 1
      WHERE id = $1 AND status = 'dispatching' RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

/**
 * The SMTP server accepted the e-mail: committed at once, before the record, so a record that
 * fails (and is retried) never sends the e-mail again.
 */
export async function markSent(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE batches SET sent_at = $2, last_error = NULL WHERE id = $1 AND status = 'dispatching'`,
    [id, at],
  );
}

/** A send failed and will be tried again: the reason shows meanwhile. */
export async function noteDispatchError(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`UPDATE batches SET last_error = $2 WHERE id = $1 AND status = 'dispatching'`, [id, error]);
}

export async function failDispatch(db: Queryable, id: string, error: string): Promise<Batch | undefined> {
  const { rows } = await db.query<BatchRow>(
    `UPDATE batches SET status = 'failed', last_error = $2
      WHERE id = $1 AND status = 'dispatching' RETURNING ${COLUMNS}`,
    [id, error],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

/** dispatching → dispatched, once: undefined when another transaction recorded it first. */
export async function completeDispatch(tx: Queryable, id: string, at: Date): Promise<Batch | undefined> {
  const { rows } = await tx.query<BatchRow>(
    `UPDATE batches SET status = 'dispatched', dispatched_at = $2, last_error = NULL
      WHERE id = $1 AND status = 'dispatching' RETURNING ${COLUMNS}`,
    [id, at],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}
