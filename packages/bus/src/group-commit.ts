/**
 * Group commit for a consumer whose messages arrive concurrently (up to the prefetch): messages
 * arriving while `concurrency` batches are being applied wait and go together in the next one,
 * so under load each transaction carries up to `maxBatch` messages, and a lone message goes at
 * once (no linger). `applyBatch` answers one settled result per item, in order; each caller gets
 * its own, so one message that fails is retried or dead-lettered alone. (Batches may commit in
 * any order: what they apply must not depend on it, as the read model's versions ensure.)
 */
export function groupCommit<T, R>(
  applyBatch: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
  { maxBatch, concurrency }: { maxBatch: number; concurrency: number },
): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve(value: R): void; reject(reason: unknown): void };
  let queue: Waiting[] = [];
  let running = 0;
  let scheduled = false;

  async function runOne(batch: Waiting[]): Promise<void> {
    let results: PromiseSettledResult<R>[];
    try {
      results = await applyBatch(batch.map((w) => w.item));
    } catch (reason) {
      results = batch.map(() => ({ status: 'rejected', reason }));
    }
    batch.forEach((w, i) => {
      const result = results[i]!;
      if (result.status === 'fulfilled') w.resolve(result.value);
      else w.reject(result.reason);
    });
  }

  function start(): void {
    scheduled = false;
    while (running < concurrency && queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      running++;
      void runOne(batch).finally(() => {
        running--;
        start();
      });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Deliveries that came in one read from the socket are queued before a batch starts.
      if (!scheduled && running < concurrency) {
        scheduled = true;
        setImmediate(start);
      }
    });
}
