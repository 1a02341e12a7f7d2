import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { draftHeaders, ZMailDraftSchema, type MailDraft } from './mail-draft';
import { outboxTable } from './sql';

/** Anything that runs a query: the caller's transaction client (a PoolClient), usually. */
export interface Queryable {
  query: PoolClient['query'];
}

// Rows per INSERT: keeps a broadcast to 10,000 companies to a few statements of bounded size.
const CHUNK = 1_000;

/**
 * Writes the drafts to the e-mail outbox with the caller's client, so they commit or roll back
 * with their cause. A draft whose dedupe key is in the outbox already (the same event handled
 * twice) is skipped. Returns how many rows were new. Throws (a ZodError) on a malformed draft:
 * that is the caller's bug, not the recipient's.
 */
export async function enqueueMail(client: Queryable, schema: string, drafts: MailDraft[]): Promise<number> {
  const seen = new Set<string>();
  const rows = [];
  for (const input of drafts) {
    const draft = ZMailDraftSchema.parse(input);
    if (seen.has(draft.dedupeKey)) continue;
    seen.add(draft.dedupeKey);
    rows.push({
      id: randomUUID(),
      dedupe_key: draft.dedupeKey,
      kind: draft.kind,
      to_address: draft.to.address,
      to_name: draft.to.name ?? null,
      subject: draft.subject,
      text_body: draft.text,
      html_body: draft.html,
      headers: draftHeaders(draft),
    });
  }
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const result = await client.query(
      `INSERT INTO ${outboxTable(schema)}
         (id, dedupe_key, kind, to_address, to_name, subject, text_body, html_body, headers)
       SELECT id, dedupe_key, kind, to_address, to_name, subject, text_body, html_body, headers
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, dedupe_key text, kind text, to_address text,
         to_name text, subject text, text_body text, html_body text, headers jsonb)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [JSON.stringify(rows.slice(start, start + CHUNK))],
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}
