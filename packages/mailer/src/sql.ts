import { escapeIdentifier } from 'pg';

/** `"schema"."mail_outbox"`. */
export function outboxTable(schema: string): string {
  return `${escapeIdentifier(schema)}.${escapeIdentifier('mail_outbox')}`;
}
