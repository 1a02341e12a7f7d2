import type { PoolClient } from 'pg';
import type { TestDatabase } from './test-database';

/** Holds a lock that makes every write to the outbox wait (reads go on) until end(). */
export async function lockOutbox(database: TestDatabase): Promise<{ end(): Promise<void> }> {
  const client: PoolClient = await database.pool.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${database.schema}.mail_outbox IN SHARE MODE`);
  return {
    async end() {
      await client.query('COMMIT');
      client.release();
    },
  };
}
