import { Client } from 'pg';

/** Opens one connection, runs `work`, always closes it. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to ${redact(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs `work` while holding a Postgres advisory lock, so that parallel processes (test workers,
 * replicas starting together) serialise. Advisory locks are scoped to one database, so every
 * caller must take them through a connection to the same database: the admin URL's.
 */
export async function withAdvisoryLock<T>(
  client: Client,
  key: string,
  work: () => Promise<T>,
  mode: 'exclusive' | 'shared' = 'exclusive',
): Promise<T> {
  const fn = mode === 'shared' ? 'pg_advisory_lock_shared' : 'pg_advisory_lock';
  await client.query(`SELECT ${fn}(hashtext($1))`, [key]);
  try {
    return await work();
  } finally {
    await client.query(`SELECT ${fn.replace('lock', 'unlock')}(hashtext($1))`, [key]).catch(() => {});
  }
}

/** A connection string without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid connection string>';
  }
}
