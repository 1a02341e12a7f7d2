import type { Pool } from 'pg';
import type { OutboxMail } from './compose-message';

// The sender's statements on mail_outbox. `table` is outboxTable(schema) (src/sql.ts).

/**
 * Takes up to `limit` due rows (`sent_at` and `failed_at` null, `next_attempt_at <= now()`) and,
 * in the same statement, moves their next_attempt_at to the end of a lease: FOR UPDATE SKIP
 * LOCKED gives replicas different rows, and no transaction stays open while SMTP talks. The
 * scan follows mail_outbox_due_idx (next_attempt_at, created_at, partial on the same predicate).
 * Oldest first.
 */
export async function claimDueMail(
  pool: Pool,
  table: string,
  limit: number,
  leaseMs: number,
): Promise<OutboxMail[]> {
  const { rows } = await pool.query<OutboxMail>(
    `WITH due AS (
       SELECT id FROM ${table}
       WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at, created_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE ${table} AS m SET next_attempt_at = now() + $2 * interval '1 millisecond'
     FROM due WHERE m.id = due.id
     RETURNING m.id, m.dedupe_key AS "dedupeKey", m.kind, m.to_address AS "toAddress", m.to_name AS "toName",
       m.subject, m.text_body AS "textBody", m.html_body AS "htmlBody", m.headers, m.message_id AS "messageId",
       m.attempts, m.created_at AS "createdAt"`,
    [limit, leaseMs],
  );
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** Claimed rows the sender will not start: due again at once, for any sender. */
export async function handBackMail(pool: Pool, table: string, ids: string[]): Promise<void> {
  await pool.query(
    `UPDATE ${table} SET next_attempt_at = now()
     WHERE id = ANY($1::uuid[]) AND sent_at IS NULL AND failed_at IS NULL`,
    [ids],
  );
}

/**
 * Mails the SMTP server accepted, marked sent in one statement (one commit for all of them). The
 * commit does not wait for the WAL flush: `set_config(…, true)` turns synchronous_commit off for
 * this statement's own transaction only, so a mark that has returned is visible to every sender and
 * survives a crash of the service; only a crash of PostgreSQL (or its host) can lose the marks of
 * its last ≤ 3 × wal_writer_delay, and those mails are sent again with the same Message-ID
 * (docs/reliability.md, "E-mail outbox"). One round trip, no session setting left on the pool's
 * connection. Run it on the pool, never inside a caller's transaction: it would make that
 * transaction's commit asynchronous too.
 */
export async function markSent(
  pool: Pool,
  table: string,
  mails: readonly { id: string; messageId: string }[],
): Promise<void> {
  await pool.query(
    `WITH async_commit AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))
     UPDATE ${table} AS m
     SET sent_at = now(), attempts = m.attempts + 1, message_id = COALESCE(m.message_id, s.message_id)
     FROM unnest($1::uuid[], $2::text[]) AS s(id, message_id), async_commit
     WHERE m.id = s.id`,
    [mails.map((mail) => mail.id), mails.map((mail) => mail.messageId)],
  );
}

/** A failed attempt: counted, its reason kept, due again after `delayMs`, or given up. */
export async function recordFailedAttempt(
  pool: Pool,
  table: string,
  attempt: { id: string; messageId: string; reason: string; delayMs: number; giveUp: boolean },
): Promise<void> {
  await pool.query(
    `UPDATE ${table}
     SET attempts = attempts + 1, last_error = $2, message_id = COALESCE(message_id, $3),
         next_attempt_at = now() + $4 * interval '1 millisecond',
         failed_at = CASE WHEN $5::boolean THEN now() END
     WHERE id = $1`,
    [attempt.id, attempt.reason, attempt.messageId, attempt.delayMs, attempt.giveUp],
  );
}

/** A row that can never be sent (its address cannot be a recipient): failed without an attempt. */
export async function markUnsendable(
  pool: Pool,
  table: string,
  mail: { id: string; messageId: string; reason: string },
): Promise<void> {
  await pool.query(
    `UPDATE ${table} SET failed_at = now(), last_error = $2, message_id = COALESCE(message_id, $3) WHERE id = $1`,
    [mail.id, mail.reason, mail.messageId],
  );
}
