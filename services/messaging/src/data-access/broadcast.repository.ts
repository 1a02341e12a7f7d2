import type { BroadcastFilter } from '@lmp/contracts';
import { withSessionLock, type LockOutcome, type LockSession } from '@lmp/service';
import type { BroadcastRecord, BroadcastTarget } from '../domain/broadcasts/broadcast.types';
import type { Db, Queryable } from './database';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The companies holding at least one licence that matches every criterion, with how many match each. */
export async function matchBroadcastTargets(db: Queryable, f: BroadcastFilter): Promise<BroadcastTarget[]> {
  const params: unknown[] = [];
  const where = ['l.submitted', 'l.company_id IS NOT NULL'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.exporter !== undefined) add((p) => `l.exporter_name ILIKE ${p}`, `%${escapeLike(f.exporter)}%`);
  if (f.element !== undefined) add((p) => `${p} = ANY(l.elements)`, f.element);
  if (f.status !== undefined) add((p) => `l.status = ${p}`, f.status);
  if (f.sector !== undefined) add((p) => `l.sector = ${p}`, f.sector);
  if (f.memberState !== undefined) add((p) => `c.member_state = ${p}`, f.memberState);
  if (f.urgent !== undefined) add((p) => `l.urgent = ${p}`, f.urgent);
  const { rows } = await db.query<{ company_id: string; licences: number }>(
    `SELECT l.company_id, count(*)::int AS licences
       FROM licences l ${f.memberState !== undefined ? 'JOIN' : 'LEFT JOIN'} companies c ON c.id = l.company_id
      WHERE ${where.join(' AND ')}
      GROUP BY l.company_id ORDER BY l.company_id`,
    params,
  );
  return rows.map((r) => ({ companyId: r.company_id, licences: r.licences }));
}

interface BroadcastRow {
  id: string;
  idempotency_key: string | null;
  filter: BroadcastFilter;
  subject: string;
  body: string;
  sent_by_key: string;
  sent_by_name: string;
  created_at: Date;
  company_count: number;
  licence_count: number;
  company_ids: string[];
  completed_at: Date | null;
}

const toBroadcast = (r: BroadcastRow): BroadcastRecord => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  filter: r.filter,
  subject: r.subject,
  body: r.body,
  sentByKey: r.sent_by_key,
  sentByName: r.sent_by_name,
  createdAt: r.created_at.toISOString(),
  companyCount: r.company_count,
  licenceCount: r.licence_count,
  companyIds: r.company_ids,
  completedAt: r.completed_at?.toISOString() ?? null,
});

/** Inserts the broadcast; answers the stored one (a parallel request with the same key may have won). */
export async function insertBroadcast(db: Queryable, b: BroadcastRecord): Promise<BroadcastRecord> {
  await db.query(
    `INSERT INTO broadcasts (id, idempotency_key, filter, subject, body, sent_by_key, sent_by_name, created_at,
       company_count, licence_count, company_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      b.id,
      b.idempotencyKey,
      JSON.stringify(b.filter),
      b.subject,
      b.body,
      b.sentByKey,
      b.sentByName,
      b.createdAt,
      b.companyCount,
      b.licenceCount,
      b.companyIds,
    ],
  );
  return b.idempotencyKey ? (await findBroadcastByKey(db, b.idempotencyKey))! : b;
}

export async function findBroadcastByKey(db: Queryable, key: string): Promise<BroadcastRecord | undefined> {
  const { rows } = await db.query<BroadcastRow>('SELECT * FROM broadcasts WHERE idempotency_key = $1', [key]);
  return rows[0] && toBroadcast(rows[0]);
}

export async function findBroadcastById(db: Queryable, id: string): Promise<BroadcastRecord | undefined> {
  const { rows } = await db.query<BroadcastRow>('SELECT * FROM broadcasts WHERE id = $1', [id]);
  return rows[0] && toBroadcast(rows[0]);
}

/** Broadcasts recorded but not completed (a request died mid-way), oldest first. */
export async function listUnfinishedBroadcastIds(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM broadcasts WHERE completed_at IS NULL ORDER BY created_at, id LIMIT $1',
    [limit],
  );
  return rows.map((r) => r.id);
}

export type { LockOutcome };
/** The connection holding a broadcast's lock, and transactions on that same connection. */
export type BroadcastSession = LockSession;

/**
 * Runs `work` while this process holds the broadcast's delivery lock (a session advisory lock on
 * a connection of its own, kept for every chunk), or returns at once when another request or
 * replica holds it. `work` runs its chunks' transactions on that connection, so a delivery takes
 * one connection of the pool, never one while waiting for another. If the process dies, its
 * connection drops and Postgres frees the lock, so a broadcast never stays locked by a dead replica.
 */
export function withBroadcastLock<T>(
  db: Db,
  broadcastId: string,
  work: (session: BroadcastSession) => Promise<T>,
): Promise<LockOutcome<T>> {
  return withSessionLock(db, { key: { name: `messaging.broadcast:${broadcastId}` }, mode: 'try' }, work);
}

export async function markBroadcastComplete(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query('UPDATE broadcasts SET completed_at = COALESCE(completed_at, $2) WHERE id = $1', [id, at]);
}

export async function listBroadcasts(
  db: Queryable,
  after: { createdAt: string; id: string } | undefined,
  limit: number,
): Promise<{
  broadcasts: BroadcastRecord[];
  next: { createdAt: string; id: string } | undefined;
  total: number;
}> {
  const params: unknown[] = [limit + 1];
  let where = '';
  if (after) {
    params.push(after.createdAt, after.id);
    where = 'WHERE (created_at, id) < ($2::timestamptz, $3::uuid)';
  }
  const { rows } = await db.query<BroadcastRow>(
    `SELECT * FROM broadcasts ${where} ORDER BY created_at DESC, id DESC LIMIT $1`,
    params,
  );
  const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM broadcasts');
  const broadcasts = rows.slice(0, limit).map(toBroadcast);
  const last = broadcasts.at(-1);
  return {
    broadcasts,
    next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
    total: counted[0]!.n,
  };
}

/**
 * One chunk of a broadcast, set-based: each company's general thread (opened if need be), one
 * message of the broadcast in it (a chunk written before, by a request that died, is skipped:
 * one message per broadcast and thread), and the thread's newest instant and unread count.
 * Answers the messages written now.
 */
export async function writeBroadcastChunk(
  tx: Queryable,
  b: { broadcast: BroadcastRecord; companyIds: string[]; at: Date; subjectOfThread: string },
): Promise<{ messageId: string; threadId: string; companyId: string }[]> {
  await tx.query(
    `INSERT INTO threads (id, company_id, licence_id, subject, created_at, last_message_at)
     SELECT gen_random_uuid(), c, NULL, $2, $3, $3 FROM unnest($1::uuid[]) AS c ON CONFLICT DO NOTHING`,
    [b.companyIds, b.subjectOfThread, b.at],
  );
  const { rows } = await tx.query<{ id: string; thread_id: string; company_id: string }>(
    `WITH inserted AS (
       INSERT INTO messages (id, thread_id, author_side, author_key, author_name, subject, body, created_at, broadcast_id)
       SELECT gen_random_uuid(), t.id, 'commission', $2, $3, $4, $5, $6, $7
         FROM threads t WHERE t.company_id = ANY($1::uuid[]) AND t.licence_id IS NULL
       ON CONFLICT DO NOTHING
       RETURNING id, thread_id)
     SELECT i.id, i.thread_id, t.company_id FROM inserted i JOIN threads t ON t.id = i.thread_id`,
    [
      b.companyIds,
      b.broadcast.sentByKey,
      b.broadcast.sentByName,
      b.broadcast.subject,
      b.broadcast.body,
      b.at,
      b.broadcast.id,
    ],
  );
  if (rows.length > 0) {
    await tx.query(
      `UPDATE threads SET last_message_at = GREATEST(last_message_at, $2), unread_by_company = unread_by_company + 1
        WHERE id = ANY($1::uuid[])`,
      [rows.map((r) => r.thread_id), b.at],
    );
  }
  return rows.map((r) => ({ messageId: r.id, threadId: r.thread_id, companyId: r.company_id }));
}
