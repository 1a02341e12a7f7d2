import { randomUUID } from 'node:crypto';
import { ZClaimInput, type Claim } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { CLAIM_OPEN_UNIQUE, findClaim, insertClaim } from '../../data-access/claim.repository';
import { isUniqueViolation, withTransaction, type Db } from '../../data-access/database';
import { findLicenceByNumber } from '../../data-access/licence.repository';
import { assertCompanyMember, type Actor } from '../identity/actor';
import { normaliseLicenceNumber } from '../licence/licence-number';
import { toClaimantView } from './claim-view';

/**
 * POST /licences/claims: a company claims a licence number another company registered, with a
 * short explanation; the Commission decides. What the answers say is no more than a registration
 * attempt says already (registered or not): never who holds it.
 */
export async function fileClaim({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  input: unknown;
  now?: Date;
}): Promise<Claim> {
  assertCompanyMember(actor);
  const { licenceNumber, comment } = parseOrThrow(ZClaimInput, input);
  const licence = await findLicenceByNumber(db, normaliseLicenceNumber(licenceNumber));
  if (!licence) {
    throw new AppError(
      'CLAIM.NOT_REGISTERED',
      'No licence with this number is registered: register it instead',
      {
        errors: [
          {
            field: 'licenceNumber',
            message: 'is not registered on the platform; register it (POST /licences)',
          },
        ],
      },
    );
  }
  if (licence.companyId === actor.companyId) {
    throw new AppError('CLAIM.OWN_LICENCE', 'Your company holds this licence already', {
      errors: [{ field: 'licenceNumber', message: 'is registered by your own company' }],
    });
  }
  const id = randomUUID();
  try {
    return await withTransaction(db, async (tx) => {
      await insertClaim(tx, {
        id,
        licenceId: licence.id,
        licenceNumber,
        claimantCompanyId: actor.companyId,
        claimantUserId: actor.userId,
        claimantUserName: actor.name,
        holderCompanyId: licence.companyId,
        comment,
        createdAt: now,
      });
      return toClaimantView((await findClaim(tx, id))!);
    });
  } catch (error) {
    if (isUniqueViolation(error, CLAIM_OPEN_UNIQUE)) {
      throw new AppError('CLAIM.ALREADY_OPEN', 'Your company has an open claim on this number already', {
        errors: [{ field: 'licenceNumber', message: 'has an open claim by your company already' }],
      });
    }
    throw error;
  }
}
