/** Exponential backoff with jitter, capped: attempt 1 → about `initialMs`, never above `maxMs`. */
export function backoffDelay(
  attempt: number,
  { initialMs = 200, maxMs = 30_000, factor = 2, jitter = 0.2 } = {},
): number {
  const base = Math.min(maxMs / (1 + jitter), initialMs * factor ** Math.max(0, attempt - 1));
  const offset = base * jitter * (Math.random() * 2 - 1);
  return Math.max(0, Math.round(base + offset));
}

/** Resolves after `ms`, or at once when `signal` aborts; never keeps the process alive by itself. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Races `promise` against a timer; the timer is cleared either way. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
