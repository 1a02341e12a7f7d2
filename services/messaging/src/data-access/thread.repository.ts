import type { MessageSide } from '@lmp/contracts';
import type { ThreadKeyset, ThreadListFilter, ThreadRecord } from '../domain/threads/thread.types';
import type { Queryable } from './database';

interface ThreadRow {
  id: string;
  company_id: string;
  licence_id: string | null;
  licence_number: string | null;
  company_name: string | null;
  subject: string;
  last_message_at: Date;
  unread_by_company: number;
  unread_by_commission: number;
}

const SELECT = `SELECT t.id, t.company_id, t.licence_id, l.licence_number, c.name AS company_name, t.subject,
       t.last_message_at, t.unread_by_company, t.unread_by_commission
  FROM threads t LEFT JOIN licences l ON l.id = t.licence_id LEFT JOIN companies c ON c.id = t.company_id`;

const toThread = (r: ThreadRow): ThreadRecord => ({
  id: r.id,
  companyId: r.company_id,
  licenceId: r.licence_id,
  licenceNumber: r.licence_number,
  companyName: r.company_name,
  subject: r.subject,
  lastMessageAt: r.last_message_at.toISOString(),
  unreadByCompany: r.unread_by_company,
  unreadByCommission: r.unread_by_commission,
});

export async function findThread(db: Queryable, id: string): Promise<ThreadRecord | undefined> {
  const { rows } = await db.query<ThreadRow>(`${SELECT} WHERE t.id = $1`, [id]);
  return rows[0] && toThread(rows[0]);
}

export async function findLicenceThread(db: Queryable, licenceId: string): Promise<ThreadRecord | undefined> {
  const { rows } = await db.query<ThreadRow>(`${SELECT} WHERE t.licence_id = $1`, [licenceId]);
  return rows[0] && toThread(rows[0]);
}

export async function findGeneralThread(db: Queryable, companyId: string): Promise<ThreadRecord | undefined> {
  const { rows } = await db.query<ThreadRow>(`${SELECT} WHERE t.company_id = $1 AND t.licence_id IS NULL`, [
    companyId,
  ]);
  return rows[0] && toThread(rows[0]);
}

/**
 * The licence's thread or the company's general one, opened now if it is not there yet, and
 * locked for the rest of the transaction (two first messages at once open one thread).
 */
export async function openThread(
  tx: Queryable,
  t: { id: string; companyId: string; licenceId: string | null; subject: string; at: Date },
): Promise<{ id: string; companyId: string }> {
  await tx.query(
    `INSERT INTO threads (id, company_id, licence_id, subject, created_at, last_message_at)
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING`,
    [t.id, t.companyId, t.licenceId, t.subject, t.at],
  );
  const { rows } = await tx.query<{ id: string; company_id: string }>(
    t.licenceId
      ? 'SELECT id, company_id FROM threads WHERE licence_id = $1 FOR UPDATE'
      : 'SELECT id, company_id FROM threads WHERE company_id = $1 AND licence_id IS NULL FOR UPDATE',
    [t.licenceId ?? t.companyId],
  );
  return { id: rows[0]!.id, companyId: rows[0]!.company_id };
}

/** The licence's transfer instant on its thread (the latest one, whatever the order of events). */
export async function recordThreadTransfer(tx: Queryable, licenceId: string, at: string): Promise<void> {
  await tx.query(
    `UPDATE threads SET transferred_at = GREATEST(transferred_at, $2::timestamptz) WHERE licence_id = $1`,
    [licenceId, at],
  );
}

/** A new message from `side`: the thread's newest instant, one more unread for the other side. */
export async function touchThread(
  tx: Queryable,
  threadId: string,
  side: MessageSide,
  at: Date,
): Promise<void> {
  const other = side === 'company' ? 'unread_by_commission' : 'unread_by_company';
  await tx.query(
    `UPDATE threads SET last_message_at = GREATEST(last_message_at, $2), ${other} = ${other} + 1 WHERE id = $1`,
    [threadId, at],
  );
}

/** Everything up to now read for that side. */
export async function markThreadRead(
  db: Queryable,
  threadId: string,
  side: MessageSide,
  at: Date,
): Promise<void> {
  const [count, readAt] =
    side === 'company'
      ? ['unread_by_company', 'company_read_at']
      : ['unread_by_commission', 'commission_read_at'];
  await db.query(`UPDATE threads SET ${count} = 0, ${readAt} = $2 WHERE id = $1`, [threadId, at]);
}

const TOTAL_CAP = 10_000;

/** Threads unread (for `side`) first, then newest first, in keyset pages. */
export async function listThreads(
  db: Queryable,
  filter: ThreadListFilter,
  after: ThreadKeyset | undefined,
  limit: number,
): Promise<{ threads: ThreadRecord[]; next: ThreadKeyset | undefined; total: number; totalExact: boolean }> {
  const unread = filter.side === 'company' ? 't.unread_by_company' : 't.unread_by_commission';
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.companyId) {
    params.push(filter.companyId);
    where.push(`t.company_id = $${params.length}`);
  }
  if (filter.licenceId) {
    params.push(filter.licenceId);
    where.push(`t.licence_id = $${params.length}`);
  }
  if (filter.unread !== undefined) where.push(filter.unread ? `${unread} > 0` : `${unread} = 0`);
  const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { rows: counted } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM threads t ${countWhere} LIMIT ${TOTAL_CAP + 1}) x`,
    params,
  );
  const pageParams = [...params];
  const pageWhere = [...where];
  if (after) {
    pageParams.push(after.unread ? 1 : 0, after.lastMessageAt, after.id);
    const n = pageParams.length;
    pageWhere.push(
      `((${unread} > 0)::int, t.last_message_at, t.id) < ($${n - 2}::int, $${n - 1}::timestamptz, $${n}::uuid)`,
    );
  }
  pageParams.push(limit + 1);
  const { rows } = await db.query<ThreadRow>(
    `${SELECT} ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
      ORDER BY (${unread} > 0) DESC, t.last_message_at DESC, t.id DESC LIMIT $${pageParams.length}`,
    pageParams,
  );
  const threads = rows.slice(0, limit).map(toThread);
  const last = threads.at(-1);
  const lastUnread = last && (filter.side === 'company' ? last.unreadByCompany : last.unreadByCommission) > 0;
  return {
    threads,
    next:
      rows.length > limit && last
        ? { unread: !!lastUnread, lastMessageAt: last.lastMessageAt, id: last.id }
        : undefined,
    total: Math.min(counted[0]!.n, TOTAL_CAP),
    totalExact: counted[0]!.n <= TOTAL_CAP,
  };
}
