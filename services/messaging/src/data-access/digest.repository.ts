import type { Queryable } from './database';
import { MEMBER } from './recipient.repository';

/** Messages to tell these users about in their next daily digest. */
export async function addDigestItems(tx: Queryable, emailKeys: string[], messageId: string): Promise<void> {
  if (emailKeys.length === 0) return;
  await tx.query(
    `INSERT INTO pending_digest_items (email_key, message_id)
     SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`,
    [emailKeys, messageId],
  );
}

export interface DigestEntry {
  emailKey: string;
  messageId: string;
  threadId: string;
  licenceId: string | null;
  licenceNumber: string | null;
  companyName: string | null;
  subject: string;
  body: string;
  createdAt: string;
}

/**
 * Takes (deletes and answers) every pending digest item, in the caller's transaction: the digest
 * mails are enqueued in the same one, so an item is in exactly one digest. Only the items whose
 * thread's company the user still belongs to are answered (a user who left, or whose company no
 * longer holds the licence, is not told); the others are deleted all the same. The Commission
 * mailbox (`mailboxKey`) belongs to no company and is told of every item.
 */
export async function takeDigestItems(tx: Queryable, mailboxKey: string): Promise<DigestEntry[]> {
  const { rows } = await tx.query<{
    email_key: string;
    message_id: string;
    thread_id: string;
    licence_id: string | null;
    licence_number: string | null;
    company_name: string | null;
    subject: string;
    body: string;
    created_at: Date;
  }>(
    `WITH taken AS (DELETE FROM pending_digest_items RETURNING email_key, message_id)
     SELECT taken.email_key, m.id AS message_id, m.thread_id, t.licence_id, l.licence_number, c.name AS company_name,
            COALESCE(m.subject, t.subject) AS subject, m.body, m.created_at
       FROM taken JOIN messages m ON m.id = taken.message_id JOIN threads t ON t.id = m.thread_id
       LEFT JOIN licences l ON l.id = t.licence_id LEFT JOIN companies c ON c.id = t.company_id
      WHERE taken.email_key = $1
         OR EXISTS (SELECT 1 FROM recipients r
                     WHERE r.email_key = taken.email_key AND r.company_id = t.company_id AND ${MEMBER})
      ORDER BY taken.email_key, m.created_at`,
    [mailboxKey],
  );
  return rows.map((r) => ({
    emailKey: r.email_key,
    messageId: r.message_id,
    threadId: r.thread_id,
    licenceId: r.licence_id,
    licenceNumber: r.licence_number,
    companyName: r.company_name,
    subject: r.subject,
    body: r.body,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * A user left a company: their pending items of its threads go now, so they do not pile up until
 * the next digest (takeDigestItems would drop them then anyway). Kept while the user is a member
 * again (a later join applied first).
 */
export async function dropDigestItemsOfLeaver(
  tx: Queryable,
  m: { companyId: string; email: string },
): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM pending_digest_items p USING messages m, threads t
      WHERE p.email_key = lower($2) AND m.id = p.message_id AND t.id = m.thread_id AND t.company_id = $1
        AND NOT EXISTS (SELECT 1 FROM recipients r
                         WHERE r.email_key = p.email_key AND r.company_id = $1 AND ${MEMBER})`,
    [m.companyId, m.email],
  );
  return rowCount ?? 0;
}
