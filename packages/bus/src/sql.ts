import { escapeIdentifier } from 'pg';

/** `"schema"."table"`, or the bare table (resolved through search_path) when no schema is given. */
export function qualifiedTable(schema: string | undefined, table: string): string {
  return schema ? `${escapeIdentifier(schema)}.${escapeIdentifier(table)}` : escapeIdentifier(table);
}

/** The NOTIFY channel the outbox of a schema signals on: `<schema>_outbox`. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}
