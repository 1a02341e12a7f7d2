/** How long a row waits after a failed attempt, and when it is given up. */
export interface RetryPolicy {
  /** Wait after the first failed attempt; each later one doubles it. */
  initialDelayMs: number;
  /** Cap on a single wait. */
  maxDelayMs: number;
  /** Attempts refused for good (5xx) before the row is marked failed. */
  maxAttempts: number;
  /**
   * A mail the server keeps deferring (4xx for this message) is given up this long after it was
   * enqueued, as mail servers do (RFC 5321 §4.5.4.1 suggests 4–5 days). Never for an outage: mail
   * waits for the server to come back. Default 72 h.
   */
  giveUpAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = {
  initialDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 5,
  giveUpAfterMs: 72 * 3_600_000,
};

/**
 * The wait before attempt `attempts + 1`, after `attempts` failed ones: initialDelayMs doubling,
 * capped at maxDelayMs, with ±20 % jitter so rows that failed together (an outage) do not all come
 * back in the same second. Never above the cap.
 */
export function retryDelay(attempts: number, policy: RetryPolicy, random = Math.random): number {
  const jitter = 0.2;
  const exponent = Math.min(Math.max(0, attempts - 1), 40);
  const base = Math.min(policy.maxDelayMs / (1 + jitter), policy.initialDelayMs * 2 ** exponent);
  return Math.max(0, Math.round(base * (1 + jitter * (random() * 2 - 1))));
}
