import pg from 'pg';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;

// Dates (DATE columns) stay 'YYYY-MM-DD' strings and numerics become numbers: the API's formats.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export const SCHEMA = 'licences';

export function createPool(connectionString: string, max: number): Db {
  return new pg.Pool({
    connectionString,
    max,
    options: `-c search_path=${SCHEMA},extensions`,
    application_name: 'lmp-licences',
  });
}

/** Runs fn in one transaction: everything it writes, events included, commits or none of it. */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Postgres error codes the domain turns into answers. */
export const PG_UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === PG_UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}

/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;
