import type { PoolClient } from 'pg';

export interface CheckedOutClient {
  /** The failure the connection reported while checked out (server restart, network cut), if any. */
  readonly lost: Error | undefined;
  /** Returns the client to the pool; one that broke (`lost`, or `broken` given) is discarded instead. */
  release(broken?: Error): void;
}

/**
 * pg's pool takes its own 'error' listener off a client for as long as it is checked out, and a
 * client whose server goes away emits 'error' even when no query is running (idle in a
 * transaction while the relay waits for broker confirms, or while a handler awaits something
 * else). With no listener that is an uncaught exception that ends the process. This listener
 * records the failure instead: the next query rejects with "not queryable", and release hands
 * the error to the pool so it destroys the client rather than lending it out again.
 */
export function watchCheckedOutClient(client: PoolClient): CheckedOutClient {
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  return {
    get lost() {
      return lost;
    },
    release(broken) {
      const error = broken ?? lost;
      // A dying connection may report twice ("terminating connection…", then "Connection
      // terminated unexpectedly"): keep absorbing on one that is about to be destroyed.
      if (!error) client.removeListener('error', onError);
      client.release(error);
    },
  };
}
