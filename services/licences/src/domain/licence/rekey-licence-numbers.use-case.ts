import { LICENCE_NUMBER_KEY_VERSION, normaliseLicenceNumber } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { isUniqueViolation, withTransaction, type Db } from '../../data-access/database';
import {
  findKeyHolders,
  findStaleNumberKeys,
  FIRST_POSITION,
  recordNumberKeyCollisions,
  saveNumberKeys,
  withRekeyLock,
  type StaleNumberKey,
  type SubmissionPosition,
} from '../../data-access/licence-number-key.repository';

export interface NumberKeyCollision {
  /** The licence that kept its older key. */
  licenceId: string;
  /** The licence holding the key both numbers have under the current rule. */
  otherLicenceId: string;
  key: string;
}

export interface RekeyReport {
  checked: number;
  rekeyed: number;
  collisions: NumberKeyCollision[];
}

const ATTEMPTS = 5;

/**
 * Recomputes the number keys stored with an older rule than LICENCE_NUMBER_KEY_VERSION, in
 * submission order and in batches, before the service opens HTTP. Safe to run again (a row
 * re-keyed is not looked at again) and from several replicas at once (advisory lock).
 *
 * When two numbers have the same key under the new rule, the licence already holding that key
 * (or, if neither does yet, the one submitted first) gets it; the other keeps its older key, so
 * nothing fails and nothing is lost. The pair is recorded in licence_number_collisions and logged
 * at warn, at every start until someone resolves it.
 */
export async function rekeyLicenceNumbers({
  db,
  logger,
  batchSize = 500,
}: {
  db: Db;
  logger: Logger;
  batchSize?: number;
}): Promise<RekeyReport> {
  const version = LICENCE_NUMBER_KEY_VERSION;
  const report: RekeyReport = { checked: 0, rekeyed: 0, collisions: [] };
  await withRekeyLock(db, async () => {
    let position: SubmissionPosition = FIRST_POSITION;
    for (;;) {
      const batch = await rekeyBatch(db, version, position, batchSize);
      if (!batch) break;
      report.checked += batch.checked;
      report.rekeyed += batch.rekeyed;
      report.collisions.push(...batch.collisions);
      position = batch.last;
    }
  });
  for (const collision of report.collisions) {
    logger.warn(
      { ...collision, keyVersion: version },
      'two licence numbers have the same key: licenceId kept its older key, otherLicenceId holds it (licence_number_collisions)',
    );
  }
  if (report.checked > 0)
    logger.info(
      { ...report, collisions: report.collisions.length, version },
      'licence number keys recomputed',
    );
  return report;
}

/** One batch in one transaction; again from the same position if a concurrent write took a key first. */
async function rekeyBatch(db: Db, version: number, position: SubmissionPosition, limit: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db, async (tx) => {
        const rows = await findStaleNumberKeys(tx, version, position, limit);
        if (rows.length === 0) return undefined;
        const plan = planKeys(rows, await findKeyHolders(tx, rows.map(keyOf)));
        const rekeyed = await saveNumberKeys(tx, plan.keys, version);
        await recordNumberKeyCollisions(tx, plan.collisions, version);
        const last = rows[rows.length - 1]!;
        return { checked: rows.length, rekeyed, collisions: plan.collisions, last };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === ATTEMPTS) throw error;
    }
  }
}

const keyOf = (row: StaleNumberKey) => normaliseLicenceNumber(row.licenceNumber);

/**
 * Who gets which key: the current holder keeps it, otherwise the first row (in submission order)
 * that wants it. A key a row of this batch leaves is still counted as taken, so one statement
 * never has to move keys in a particular order.
 */
function planKeys(
  rows: StaleNumberKey[],
  holders: Map<string, string>,
): { keys: { id: string; key: string }[]; collisions: NumberKeyCollision[] } {
  const taken = new Map(holders);
  for (const row of rows) if (!taken.has(row.key)) taken.set(row.key, row.id);
  const keys: { id: string; key: string }[] = [];
  const collisions: NumberKeyCollision[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const holder = taken.get(key);
    if (holder !== undefined && holder !== row.id) {
      collisions.push({ licenceId: row.id, otherLicenceId: holder, key });
    } else {
      taken.set(key, row.id);
      keys.push({ id: row.id, key });
    }
  }
  return { keys, collisions };
}
