import { CLAIM_STATUSES, type Claim, type CommissionClaim } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import { findClaim, listClaims as readClaims } from '../../data-access/claim.repository';
import type { Db } from '../../data-access/database';
import { assertCompanyMember, isCommission, type Actor } from '../identity/actor';
import { assertId } from '../colleagues/colleague-rules';
import { claimViewFor } from './claim-view';

/**
 * GET /licences/claims: the Commission sees every claim with both companies (open first); an
 * operator sees the claims their company filed, never the holder. `?status=` filters.
 */
export async function listClaims({
  db,
  actor,
  query,
}: {
  db: Db;
  actor: Actor;
  query: Record<string, unknown>;
}): Promise<Array<Claim | CommissionClaim>> {
  const status = query.status;
  if (status !== undefined && !CLAIM_STATUSES.includes(status as never)) {
    throw new AppError('VALIDATION.FAILED', 'The query has invalid fields', {
      errors: [{ field: 'status', message: `must be one of ${CLAIM_STATUSES.join(', ')}` }],
    });
  }
  const filter = { status: status as (typeof CLAIM_STATUSES)[number] | undefined };
  if (isCommission(actor)) return (await readClaims(db, filter)).map(claimViewFor(actor));
  assertCompanyMember(actor);
  return (await readClaims(db, { ...filter, claimantCompanyId: actor.companyId })).map(claimViewFor(actor));
}

/** GET /licences/claims/{id}: another company's claim is a 404, as a missing one. */
export async function getClaim({
  db,
  actor,
  claimId,
}: {
  db: Db;
  actor: Actor;
  claimId: string;
}): Promise<Claim | CommissionClaim> {
  if (!isCommission(actor)) assertCompanyMember(actor);
  assertId(claimId, 'claim');
  const claim = await findClaim(db, claimId);
  if (!claim || (!isCommission(actor) && claim.claimant.id !== actor.companyId)) {
    throw new AppError('RESOURCE.NOT_FOUND', 'No such claim');
  }
  return claimViewFor(actor)(claim);
}
