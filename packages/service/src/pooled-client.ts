import type pg from 'pg';

/** What the code lent a connection can say of it: `fail` marks it untrustworthy. */
export interface LentConnection {
  fail(error: Error): void;
}

/**
 * Runs fn on a connection of its own from the pool. pg removes the pool's error listener from a
 * checked-out client, so a server that goes away between two queries would crash the process with
 * an unhandled 'error': the client gets a listener of its own while lent. A client that failed
 * (its 'error' event, or fn's `fail`) is destroyed on release, not pooled: it may still be inside a
 * transaction or hold a session lock, and the next borrower would inherit either.
 */
export async function withPooledClient<T>(
  db: pg.Pool,
  fn: (client: pg.PoolClient, connection: LentConnection) => Promise<T>,
): Promise<T> {
  const client = await db.connect();
  let broken: Error | undefined;
  const fail = (error: Error) => {
    broken ??= error;
  };
  client.on('error', fail);
  try {
    return await fn(client, { fail });
  } finally {
    client.removeListener('error', fail);
    client.release(broken);
  }
}

/** fn in one transaction on `client`; a ROLLBACK that fails leaves the connection failed. */
export async function transactionOn<T>(
  client: pg.PoolClient,
  connection: LentConnection,
  fn: (tx: pg.PoolClient) => Promise<T>,
): Promise<T> {
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => connection.fail(rollbackError));
    throw error;
  }
}
