import pg from 'pg';
import { AppError } from '@lmp/errors';
import type { Logger } from '@lmp/logger';
import { transactionOn, withPooledClient } from './pooled-client';

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

let typeParsersSet = false;

/**
 * The platform's column formats, set once at start (pg's parsers are process-wide): DATE columns
 * stay 'YYYY-MM-DD' strings and NUMERIC columns become numbers, the API's formats.
 */
export function usePlatformTypeParsers(): void {
  if (typeParsersSet) return;
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
  typeParsersSet = true;
}

/**
 * A pool whose connections use the service's schema. An idle client that loses its server
 * (a database restart) emits 'error' on the pool: logged, and the pool replaces the client.
 */
export function createPool(options: {
  url: string;
  max: number;
  schema: string;
  service: string;
  logger: Logger;
}): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    options: `-c search_path=${options.schema},extensions`,
    application_name: `lmp-${options.service}`,
  });
  pool.on('error', (error) =>
    options.logger.warn({ reason: error.message }, 'an idle database connection failed; it is replaced'),
  );
  // Defence in depth: pg takes the pool's listener off a checked-out client, so a caller that
  // forgets its own would crash the process when the server goes away. This one is there only
  // while the client is checked out (the pool's own covers idle clients); a client that failed
  // is no longer queryable, so the pool discards it when it is released.
  const onCheckedOutError = (error: Error) =>
    options.logger.warn({ reason: error.message }, 'a database connection failed while checked out');
  pool.on('acquire', (client) => client.on('error', onCheckedOutError));
  pool.on('release', (_error, client) => client.removeListener('error', onCheckedOutError));
  return pool;
}

/**
 * Runs fn in one transaction: everything it writes, events included, commits or none of it.
 * pg removes the pool's error listener from a checked-out client, so a server that goes away
 * between two queries would crash the process with an unhandled 'error': the client gets a
 * listener of its own while checked out, and a broken client is destroyed, not reused.
 */
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withPooledClient(db, (client, connection) => transactionOn(client, connection, fn));
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_DEADLOCK_DETECTED = '40P01';
export const PG_SERIALIZATION_FAILURE = '40001';

/** A deadlock or serialization failure: Postgres rolled the transaction back, and running it again may succeed. */
export function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === PG_DEADLOCK_DETECTED || code === PG_SERIALIZATION_FAILURE;
}

/**
 * withTransaction, run again (from the start, in a new transaction) when Postgres answers a
 * deadlock (40P01) or a serialization failure (40001): up to `attempts` times in all, with a
 * short random pause between. fn must touch nothing outside the transaction (wake the relay
 * after it returns), since it may run more than once. When every attempt fails so, the caller
 * gets RESOURCE.CONFLICT (409: send it again), never the driver's error (a 500). Any other error
 * is thrown as withTransaction throws it, on the first attempt.
 */
export async function withRetriedTransaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  options: { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await withTransaction(db, fn);
    } catch (error) {
      if (!isTransientConflict(error)) throw error;
      if (attempt >= attempts) {
        throw new AppError(
          'RESOURCE.CONFLICT',
          'The request met a concurrent change of the same data: send it again',
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === PG_UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}
