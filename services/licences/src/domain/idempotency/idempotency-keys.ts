import { randomUUID } from 'node:crypto';
import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import {
  deleteExpiredKeys,
  findStoredKey,
  releaseKey,
  reserveKey,
  storeAnswer,
  type KeyRef,
} from '../../data-access/idempotency.repository';

/**
 * How long a key is kept: a client retries within minutes (the gateway's timeout, a flaky
 * network), not days, and a day is long enough for a batch job re-run the next morning.
 */
export const KEY_RETENTION_HOURS = 24;

/**
 * A running import reservation older than this is taken to be a crashed attempt, so a retry may
 * run the import again. A 5,000-row import takes seconds; ten minutes leaves room for a slow
 * database without leaving a key stuck for long.
 */
export const STALE_RESERVATION_SECONDS = 10 * 60;

/** Seconds a client is told to wait before retrying while an import holds the key. */
const RETRY_RUNNING_AFTER_SECONDS = 2;

/**
 * Deletes every user's keys older than KEY_RETENTION_HOURS (each request already forgets its own
 * user's): for a scheduled sweep, so the reports of users who never come back do not pile up.
 */
export function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  return deleteExpiredKeys(db, { hours: KEY_RETENTION_HOURS });
}

export function keyReusedError(): AppError {
  return new AppError(
    'IDEMPOTENCY.KEY_REUSED',
    'This Idempotency-Key was already used with a different request',
  );
}

function stillRunningError(): AppError {
  return new AppError(
    'RESOURCE.CONFLICT',
    'A request with this Idempotency-Key is still running; retry shortly to get its answer',
    { retryAfter: RETRY_RUNNING_AFTER_SECONDS },
  );
}

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * The answer stored for the key, when it was used for this same request; throws when it was used
 * for another one (422) or its request is still running (409). Undefined: the key is new (keys
 * older than KEY_RETENTION_HOURS are forgotten first).
 */
export async function storedAnswerFor(db: Db, ref: KeyRef, requestHash: string): Promise<Answer | undefined> {
  await deleteExpiredKeys(db, { userId: ref.userId, hours: KEY_RETENTION_HOURS });
  return answerOf(await findStoredKey(db, ref), requestHash);
}

function answerOf(stored: Awaited<ReturnType<typeof findStoredKey>>, requestHash: string) {
  if (!stored) return undefined;
  if (stored.requestHash !== requestHash) throw keyReusedError();
  if (stored.state === 'running') throw stillRunningError();
  return { status: stored.status, body: stored.body };
}

export type Reservation =
  { replay: Answer } | { attemptId: string; store(answer: Answer): Promise<void>; release(): Promise<void> };

/**
 * For a request that writes in several transactions (the import): holds the key before the first
 * write, so a concurrent retry is told to wait (409) instead of writing again. The caller stores
 * the answer at the end, or releases the key if it has none worth replaying.
 */
export async function reserveIdempotencyKey(db: Db, ref: KeyRef, requestHash: string): Promise<Reservation> {
  await deleteExpiredKeys(db, { userId: ref.userId, hours: KEY_RETENTION_HOURS });
  const attemptId = randomUUID();
  // The row seen may vanish between the two statements (a failed attempt releasing it): try again.
  for (let tries = 0; tries < 3; tries++) {
    const held = await reserveKey(db, {
      ...ref,
      requestHash,
      attemptId,
      staleAfterSeconds: STALE_RESERVATION_SECONDS,
    });
    if (held) {
      return {
        attemptId,
        store: async (answer) => {
          await storeAnswer(db, { ...ref, attemptId, ...answer });
        },
        release: () => releaseKey(db, { ...ref, attemptId }),
      };
    }
    const answer = answerOf(await findStoredKey(db, ref), requestHash);
    if (answer) return { replay: answer };
  }
  throw stillRunningError();
}
