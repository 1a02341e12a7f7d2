import { withTimeout } from './timing';

/** Lets callers wait until some state holds (e.g. "a publishing channel is open"), with a deadline. */
export class StateSignal {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first non-null `probe()` result; `probe` may throw to give up early. */
  async waitFor<T>(probe: () => T | null, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    const ready = probe();
    if (ready !== null) return ready;
    let waiter: (() => void) | undefined;
    const became = new Promise<T>((resolve, reject) => {
      waiter = () => {
        try {
          const value = probe();
          if (value !== null) resolve(value);
        } catch (error) {
          reject(error);
        }
      };
      this.waiters.add(waiter);
    });
    try {
      return await withTimeout(became, timeoutMs, onTimeout);
    } finally {
      if (waiter) this.waiters.delete(waiter);
    }
  }
}
