import type { LicenceRecord } from '../domain/licence/licence.types';
import type { Queryable } from './database';
import { LICENCE_SELECT, toLicenceRecord, type LicenceRow } from './licence.columns';

/**
 * Moves a licence to another company, with what hangs on it by company (its confirmation
 * requests); its history and transmissions hang on the licence and move with it. Bumps the
 * version. The caller holds the licence's row lock.
 */
export async function moveLicenceToCompany(
  db: Queryable,
  licenceId: string,
  companyId: string,
  at: Date,
): Promise<LicenceRecord> {
  const { rows } = await db.query<LicenceRow>(
    `UPDATE licences SET company_id = $2, updated_at = $3, version = version + 1
      WHERE id = $1 RETURNING ${LICENCE_SELECT}`,
    [licenceId, companyId, at],
  );
  await db.query(`UPDATE confirmation_requests SET company_id = $2 WHERE licence_id = $1`, [
    licenceId,
    companyId,
  ]);
  return toLicenceRecord(rows[0]!);
}
