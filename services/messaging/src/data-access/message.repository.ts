import { createHash, randomUUID } from 'node:crypto';
import type {
  AcceptedFile,
  AttachmentRecord,
  MessageRecord,
  NewMessage,
} from '../domain/threads/thread.types';
import type { Queryable } from './database';

interface MessageRow {
  id: string;
  thread_id: string;
  author_side: MessageRecord['authorSide'];
  author_name: string;
  subject: string | null;
  body: string;
  created_at: Date;
  broadcast_id: string | null;
  previous_holder: boolean;
}

const toMessage = (r: MessageRow, attachments: AttachmentRecord[]): MessageRecord => ({
  id: r.id,
  threadId: r.thread_id,
  authorSide: r.author_side,
  authorName: r.author_name,
  subject: r.subject,
  body: r.body,
  createdAt: r.created_at.toISOString(),
  broadcastId: r.broadcast_id,
  previousHolder: r.previous_holder,
  attachments,
});

/** Inserts the message (false: a message with the same broadcast or idempotency key was there). */
export async function insertMessage(tx: Queryable, m: NewMessage): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO messages (id, thread_id, author_side, author_key, author_name, subject, body, created_at,
       broadcast_id, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [
      m.id,
      m.threadId,
      m.authorSide,
      m.authorKey,
      m.authorName,
      m.subject,
      m.body,
      m.createdAt,
      m.broadcastId,
      m.idempotencyKey,
    ],
  );
  return rowCount === 1;
}

export async function insertAttachments(
  tx: Queryable,
  messageId: string,
  files: AcceptedFile[],
): Promise<void> {
  for (const [position, file] of files.entries()) {
    await tx.query(
      `INSERT INTO attachments (id, message_id, position, file_name, content_type, size, sha256, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        messageId,
        position,
        file.fileName,
        file.contentType,
        file.content.length,
        createHash('sha256').update(file.content).digest('hex'),
        file.content,
      ],
    );
  }
}

/** The message an author already posted with this Idempotency-Key. */
export async function findMessageIdByIdempotencyKey(
  db: Queryable,
  authorKey: string,
  idempotencyKey: string,
): Promise<{ id: string; threadId: string } | undefined> {
  const { rows } = await db.query<{ id: string; thread_id: string }>(
    'SELECT id, thread_id FROM messages WHERE author_key = $1 AND idempotency_key = $2',
    [authorKey, idempotencyKey],
  );
  return rows[0] && { id: rows[0].id, threadId: rows[0].thread_id };
}

/** Messages of the thread (or just these ids), oldest first, each with its attachments' metadata. */
export async function listMessages(
  db: Queryable,
  threadId: string,
  ids?: string[],
): Promise<MessageRecord[]> {
  const params: unknown[] = [threadId];
  let only = '';
  if (ids) {
    params.push(ids);
    only = 'AND m.id = ANY($2::uuid[])';
  }
  // A company-side message up to the thread's previous-holder mark was written by the staff of a
  // company that held the licence before its transfer.
  const { rows } = await db.query<MessageRow>(
    `SELECT m.id, m.thread_id, m.author_side, m.author_name, m.subject, m.body, m.created_at, m.broadcast_id,
            (m.author_side = 'company' AND m.seq <= COALESCE(t.previous_holder_seq, 0)) AS previous_holder
       FROM messages m JOIN threads t ON t.id = m.thread_id
      WHERE m.thread_id = $1 ${only} ORDER BY m.created_at, m.seq`,
    params,
  );
  if (rows.length === 0) return [];
  const { rows: files } = await db.query<AttachmentRecord & { message_id: string }>(
    `SELECT message_id, id, file_name AS "fileName", content_type AS "contentType", size, sha256
       FROM attachments WHERE message_id = ANY($1::uuid[]) ORDER BY message_id, position`,
    [rows.map((r) => r.id)],
  );
  const byMessage = new Map<string, AttachmentRecord[]>();
  for (const { message_id, ...file } of files) {
    const list = byMessage.get(message_id) ?? [];
    list.push(file);
    byMessage.set(message_id, list);
  }
  return rows.map((r) => toMessage(r, byMessage.get(r.id) ?? []));
}

export interface StoredAttachment extends AttachmentRecord {
  companyId: string;
}

/**
 * The file's metadata with the company of its thread now (a transferred licence's files go with
 * it); `size` is the stored content's length, read from its TOAST header, not the content.
 */
export async function findAttachment(db: Queryable, id: string): Promise<StoredAttachment | undefined> {
  const { rows } = await db.query<{
    id: string;
    file_name: string;
    content_type: string;
    size: number;
    sha256: string;
    company_id: string;
  }>(
    `SELECT a.id, a.file_name, a.content_type, octet_length(a.content) AS size, a.sha256, t.company_id
       FROM attachments a JOIN messages m ON m.id = a.message_id JOIN threads t ON t.id = m.thread_id
      WHERE a.id = $1`,
    [id],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      fileName: r.file_name,
      contentType: r.content_type,
      size: r.size,
      sha256: r.sha256,
      companyId: r.company_id,
    }
  );
}

/** Bytes per query while a file is read: what one download holds in memory at a time. */
export const ATTACHMENT_PAGE_BYTES = 1024 * 1024;

/**
 * The file's content in pages of `pageBytes`, one short query each (`substring` on the bytea,
 * which reads only the TOAST chunks it needs), so a download holds one page, never the file,
 * and no connection between pages. Attachments are never changed once written; a page that
 * comes back short (the row is gone) ends the read with an error rather than a file cut short
 * silently.
 */
export async function* readAttachmentContent(
  db: Queryable,
  file: { id: string; size: number },
  pageBytes = ATTACHMENT_PAGE_BYTES,
): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < file.size; offset += pageBytes) {
    const length = Math.min(pageBytes, file.size - offset);
    const { rows } = await db.query<{ page: Buffer }>(
      'SELECT substring(content FROM $2::int FOR $3::int) AS page FROM attachments WHERE id = $1',
      [file.id, offset + 1, length],
    );
    const page = rows[0]?.page;
    if (!page || page.length !== length)
      throw new Error(`attachment ${file.id} ended at ${offset + (page?.length ?? 0)} of ${file.size} bytes`);
    yield page;
  }
}
