import type { IndexRow, IndexSink, IndexSnapshot } from '../domain/reports/licence-index.types';
import type { Db, Tx } from './database';

const PAGE_SIZE = 5_000;
/**
 * Slots per page of a full load: each page is parsed into JS arrays and strings before the index
 * codes it, so the page size bounds the load's transient heap (the resident peak of the process);
 * 2,000 rows keep it small for about 500 round trips a million licences.
 */
const LOAD_PAGE_SIZE = 2_000;

/** The columns of IndexRow, in its order: day numbers since 1970-01-01, instants in ms. */
const COLUMNS = `slot, submitted, urgent, sector, member_state, sme::text, licence_type, product_type,
  customs_status, status, exporter_name, exporter_credit_code, elements,
  submitted_on - DATE '1970-01-01', application_date - DATE '1970-01-01',
  decision_date - DATE '1970-01-01', (extract(epoch FROM status_changed_at) * 1000)::float8,
  transmission_count`;

const MAX_XID = '9223372036854775807';

/** Every row, by slot ranges of LOAD_PAGE_SIZE (gaps make some pages short; memory stays one page). */
async function everyRow(tx: Tx, maxSlot: number, onRows: (rows: IndexRow[]) => void) {
  // A table just rebuilt or bulk-loaded may have no statistics yet: a sequential scan and sort per page would make the load quadratic.
  await tx.query('SET LOCAL enable_seqscan = off');
  for (let after = 0; after <= maxSlot; after += LOAD_PAGE_SIZE) {
    const { rows } = await tx.query<IndexRow>({
      rowMode: 'array',
      text: `SELECT ${COLUMNS} FROM licences WHERE slot > $1 AND slot <= $2 ORDER BY slot`,
      values: [after - 1, after - 1 + LOAD_PAGE_SIZE],
    });
    if (rows.length) onRows(rows);
  }
}

/** Every row written by a transaction with an id in [from, to), a keyset page at a time. */
async function changedBetween(tx: Tx, from: string, to: string, onRows: (rows: IndexRow[]) => void) {
  let after = { xid: from, slot: -1 };
  for (;;) {
    const { rows } = await tx.query<unknown[]>({
      rowMode: 'array',
      text: `SELECT change_xid::text AS xid, ${COLUMNS} FROM licences
              WHERE (change_xid, slot) > ($1::bigint, $2::int) AND change_xid < $3::bigint
              ORDER BY change_xid, slot LIMIT ${PAGE_SIZE}`,
      values: [after.xid, after.slot, to],
    });
    const list = rows;
    if (list.length) onRows(list.map((r) => r.slice(1) as IndexRow));
    if (list.length < PAGE_SIZE) return;
    const last = list[list.length - 1]!;
    after = { xid: last[0] as string, slot: last[1] as number };
  }
}

/**
 * The licence rows a report index lacks, read in one repeatable-read snapshot (so the next
 * read starts exactly where this one ends, whatever commits meanwhile): after `since`, the rows
 * written by transactions that snapshot did not see (those in progress then, or begun after);
 * without it, or when rows were removed since (a new generation), every row (`reset` first).
 * Four round trips when little changed; the in-progress transactions of `since` (of the whole
 * cluster) are first probed in one indexed query, and only those that wrote licences are read.
 */
export async function readIndexChanges(
  db: Db,
  since: IndexSnapshot | null,
  sink: IndexSink,
): Promise<IndexSnapshot> {
  const tx = await db.connect();
  let broken: Error | undefined;
  try {
    await tx.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await tx.query<IndexSnapshot & { max_slot: number | null; wrote: string[] }>(
      `SELECT pg_snapshot_xmax(s)::text AS xmax,
              ARRAY(SELECT x::text FROM pg_snapshot_xip(s) AS x) AS xip,
              (SELECT generation::text FROM read_model_state WHERE id = 1) AS generation,
              (SELECT max(slot) FROM licences) AS max_slot,
              ARRAY(SELECT DISTINCT change_xid::text FROM licences WHERE change_xid = ANY($1::bigint[])) AS wrote
         FROM pg_current_snapshot() AS s`,
      [since?.xip ?? []],
    );
    const { max_slot, wrote, ...snapshot } = rows[0]!;
    if (!since || since.generation !== snapshot.generation) {
      sink.reset(max_slot ?? 0);
      await everyRow(tx, max_slot ?? -1, (list) => sink.rows(list));
    } else {
      const onRows = (list: IndexRow[]) => sink.rows(list);
      for (const xid of wrote) await changedBetween(tx, xid, (BigInt(xid) + 1n).toString(), onRows);
      await changedBetween(tx, since.xmax, MAX_XID, onRows);
    }
    await tx.query('COMMIT');
    return snapshot;
  } catch (error) {
    broken = error as Error;
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release(broken);
  }
}
