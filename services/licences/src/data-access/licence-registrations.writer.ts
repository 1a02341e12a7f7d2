import type { OutboxNotifier } from '@lmp/bus';
import { isUniqueViolation, withTransaction, type Db } from './database';
import type { LicenceRegistration } from '../domain/licence/licence.types';
import { insertLicenceRegistration, LICENCE_NUMBER_UNIQUE } from './licence.repository';

/** `not-written`: the import stopped on a database error before reaching the row. */
export type WriteOutcome = 'created' | 'duplicate' | 'not-written';

/** Rows per transaction: one commit (one WAL flush) per chunk instead of per row. */
const CHUNK_ROWS = 100;
/** Chunks written at once; the pool keeps its other connections for other requests. */
const WRITE_CONCURRENCY = 4;

/**
 * A chunk in one transaction, each licence written as POST /licences writes it (licence, history
 * entry and LicenceSubmitted in one statement), so a crash leaves every licence whole or absent.
 * A number registered by someone else since the caller's pre-check fails the chunk; it is then
 * written row by row, so that only that row is a duplicate.
 */
async function writeChunk(db: Db, chunk: LicenceRegistration[]): Promise<WriteOutcome[]> {
  try {
    await withTransaction(db, async (tx) => {
      for (const registration of chunk) await insertLicenceRegistration(tx, registration);
    });
    return chunk.map(() => 'created');
  } catch (error) {
    if (!isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw error;
  }
  const outcomes: WriteOutcome[] = [];
  for (const registration of chunk) {
    try {
      await insertLicenceRegistration(db, registration);
      outcomes.push('created');
    } catch (error) {
      if (!isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw error;
      outcomes.push('duplicate');
    }
  }
  return outcomes;
}

/**
 * Writes many registrations, in chunks, a few at a time, and wakes the outbox relay once. The
 * outcome of each, in order. A database failure stops it: thrown when nothing was written (the
 * caller answers 503), otherwise the rows not reached are `not-written`, so the report says
 * exactly what exists; each written licence is complete with its history and event.
 */
export async function writeLicenceRegistrations(
  db: Db,
  registrations: LicenceRegistration[],
  outbox: OutboxNotifier,
): Promise<WriteOutcome[]> {
  const outcomes = new Array<WriteOutcome>(registrations.length);
  const starts = Array.from(
    { length: Math.ceil(registrations.length / CHUNK_ROWS) },
    (_, i) => i * CHUNK_ROWS,
  );
  let next = 0;
  let written = false;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < starts.length) {
      const start = starts[next++]!;
      try {
        const chunk = await writeChunk(db, registrations.slice(start, start + CHUNK_ROWS));
        chunk.forEach((outcome, i) => (outcomes[start + i] = outcome));
        written ||= chunk.includes('created');
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, starts.length) }, worker));
  } finally {
    if (written) outbox.written();
  }
  if (failure && !written) throw failure.error;
  return Array.from(outcomes, (outcome) => outcome ?? 'not-written');
}
