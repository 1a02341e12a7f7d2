export interface WindowState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/**
 * Counts hits per key in fixed windows. Synchronous and allocation-light, as it runs on every
 * request; expired windows are swept once per window length.
 */
export function fixedWindowLimiter(options: { limit: number; windowMs: number }) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let sweepAt = 0;
  return function hit(key: string, now = Date.now()): WindowState {
    if (now >= sweepAt) {
      for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      sweepAt = now + options.windowMs;
    }
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + options.windowMs };
      windows.set(key, window);
    }
    window.count++;
    return {
      allowed: window.count <= options.limit,
      limit: options.limit,
      remaining: Math.max(0, options.limit - window.count),
      resetSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  };
}
