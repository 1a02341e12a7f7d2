import { withSessionLock, type AdvisoryLockKey } from '@lmp/service';
import type { Db, Queryable } from './database';

/** A licence whose number key was computed with an older rule than the current one. */
export interface StaleNumberKey {
  id: string;
  licenceNumber: string;
  key: string;
  submittedAt: Date;
}

/** Where a walk through the licences in submission order has got to. */
export interface SubmissionPosition {
  submittedAt: Date | '-infinity';
  id: string;
}

export const FIRST_POSITION: SubmissionPosition = {
  submittedAt: '-infinity',
  id: '00000000-0000-0000-0000-000000000000',
};

/**
 * hashtext of this name as one key: the key every version of the service has taken for the rekey,
 * kept so that an old replica and a new one starting together during a rolling deploy exclude
 * each other.
 */
const REKEY_LOCK: AdvisoryLockKey = { hashtext: 'licences.rekey-licence-numbers' };

/**
 * Runs `work` holding the rekey's session advisory lock, waiting for it if another replica holds
 * it, so that replicas starting together re-key one after the other (the second finds nothing
 * left). The lock goes with the connection if the process dies.
 */
export function withRekeyLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  return withSessionLock(db, { key: REKEY_LOCK, mode: 'wait' }, work);
}

/** The next licences (in submission order, after `position`) whose key is older than `version`. */
export async function findStaleNumberKeys(
  db: Queryable,
  version: number,
  position: SubmissionPosition,
  limit: number,
): Promise<StaleNumberKey[]> {
  const { rows } = await db.query<{
    id: string;
    licence_number: string;
    number_normalised: string;
    submitted_at: Date;
  }>(
    `SELECT id, licence_number, number_normalised, submitted_at FROM licences
      WHERE number_key_version < $1 AND (submitted_at, id) > ($2::timestamptz, $3::uuid)
      ORDER BY submitted_at, id LIMIT $4`,
    [version, position.submittedAt, position.id, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    licenceNumber: r.licence_number,
    key: r.number_normalised,
    submittedAt: r.submitted_at,
  }));
}

/** Which licence holds each of these keys now (key → licence id). */
export async function findKeyHolders(db: Queryable, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; number_normalised: string }>(
    'SELECT id, number_normalised FROM licences WHERE number_normalised = ANY($1::text[])',
    [keys],
  );
  return new Map(rows.map((r) => [r.number_normalised, r.id]));
}

/**
 * Stores the keys computed with `version`. Neither the licence's version nor its updated_at
 * change: the key is not part of the licence anyone sees. A row already re-keyed (by another
 * replica) is left alone.
 */
export async function saveNumberKeys(
  db: Queryable,
  keys: { id: string; key: string }[],
  version: number,
): Promise<number> {
  if (keys.length === 0) return 0;
  const { rowCount } = await db.query(
    `UPDATE licences l SET number_normalised = k.key, number_key_version = $3
       FROM unnest($1::uuid[], $2::text[]) AS k(id, key)
      WHERE l.id = k.id AND l.number_key_version < $3`,
    [keys.map((k) => k.id), keys.map((k) => k.key), version],
  );
  return rowCount ?? 0;
}

/** Records collisions; one already recorded keeps the time it was first found. Returns the new ones. */
export async function recordNumberKeyCollisions(
  db: Queryable,
  collisions: { licenceId: string; otherLicenceId: string; key: string }[],
  version: number,
): Promise<number> {
  if (collisions.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO licence_number_collisions (licence_id, other_licence_id, key, key_version)
     SELECT c.licence_id, c.other_licence_id, c.key, $4 FROM unnest($1::uuid[], $2::uuid[], $3::text[])
         AS c(licence_id, other_licence_id, key)
     ON CONFLICT (licence_id, other_licence_id) DO UPDATE SET key = EXCLUDED.key, key_version = EXCLUDED.key_version
      WHERE licence_number_collisions.key_version < EXCLUDED.key_version`,
    [
      collisions.map((c) => c.licenceId),
      collisions.map((c) => c.otherLicenceId),
      collisions.map((c) => c.key),
      version,
    ],
  );
  return rowCount ?? 0;
}
