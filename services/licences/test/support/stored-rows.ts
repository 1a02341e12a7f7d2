import { withClient } from '@lmp/db';

/** Every table of the licences schema a request can add rows to. */
const TABLES = [
  'companies',
  'users',
  'licences',
  'licence_history',
  'outbox_events',
  'idempotency_keys',
  'confirmation_requests',
] as const;

export type StoredRows = Record<(typeof TABLES)[number], number>;

/**
 * How many rows each table holds, read in one statement: taken before and after a refused
 * request, equal counts show it wrote nothing (no licence, company, history entry or event).
 * Counts the whole database, so they only compare within one test (tests in a file run one
 * after another). A new client's first request adds its user: sign it in before the first count.
 */
export async function countStoredRows(databaseUrl: string): Promise<StoredRows> {
  return withClient(databaseUrl, async (client) => {
    const columns = TABLES.map((table) => `(SELECT count(*)::int FROM licences.${table}) AS ${table}`);
    const { rows } = await client.query<StoredRows>(`SELECT ${columns.join(', ')}`);
    return rows[0]!;
  });
}
