import type { Claim, CommissionClaim } from '@lmp/contracts';
import type { ClaimRecord } from '../../data-access/claim.repository';
import { isCommission, type Actor } from '../identity/actor';

/**
 * The claimant's view names nothing of the holder: not the company, not the licence id (another
 * company's licence, until it is transferred to them), not who decided.
 */
export function toClaimantView(c: ClaimRecord): Claim {
  return {
    id: c.id,
    licenceNumber: c.licenceNumber,
    comment: c.comment,
    status: c.status,
    createdAt: c.createdAt,
    filedBy: c.filedBy,
    decidedAt: c.decidedAt,
    decisionComment: c.decisionComment,
    licenceId: c.status === 'transferred' ? c.licenceId : null,
  };
}

export function toCommissionView(c: ClaimRecord): CommissionClaim {
  return {
    ...toClaimantView(c),
    licenceId: c.licenceId,
    claimant: c.claimant,
    holder: c.holder,
    decidedBy: c.decidedBy,
  };
}

/** The one place that decides which view a caller gets. */
export const claimViewFor = (actor: Actor) => (isCommission(actor) ? toCommissionView : toClaimantView);
