import { z } from 'zod';
import { text } from './fields';
import { ZLicenceNumber } from './licence.schema';
import { pageOf } from './list.schema';

export const CLAIM_STATUSES = ['open', 'transferred', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_DECISIONS = ['transfer', 'reject'] as const;
export const CLAIM_COMMENT_MAX = 2000;

/** POST /licences/claims: a number refused as already registered, with a short explanation. */
export const ZClaimInput = z.strictObject({
  licenceNumber: ZLicenceNumber,
  comment: text().trim().min(1, 'must explain the claim').max(CLAIM_COMMENT_MAX),
});
export type ClaimInput = z.infer<typeof ZClaimInput>;

/** POST /licences/claims/{id}/decision (Commission) */
export const ZClaimDecisionInput = z.strictObject({
  decision: z.enum(CLAIM_DECISIONS, { error: 'must be transfer or reject' }),
  comment: text().trim().max(CLAIM_COMMENT_MAX).optional(),
});
export type ClaimDecisionInput = z.infer<typeof ZClaimDecisionInput>;

/**
 * A claim as its claimant's company sees it: never the holder. `licenceId` is set once the
 * licence was transferred to them (before that it is another company's licence).
 */
export const ZClaim = z.object({
  id: z.uuid(),
  licenceNumber: z.string(),
  comment: z.string(),
  status: z.enum(CLAIM_STATUSES),
  createdAt: z.iso.datetime(),
  filedBy: z.object({ id: z.uuid(), name: z.string() }),
  decidedAt: z.iso.datetime().nullable(),
  decisionComment: z.string().nullable(),
  licenceId: z.uuid().nullable(),
});
export type Claim = z.infer<typeof ZClaim>;

const ZClaimCompany = z.object({ id: z.uuid(), name: z.string(), eori: z.string() });

/** A claim as the Commission sees it: both companies, and who decided. */
export const ZCommissionClaim = ZClaim.extend({
  licenceId: z.uuid(),
  claimant: ZClaimCompany,
  holder: ZClaimCompany,
  decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type CommissionClaim = z.infer<typeof ZCommissionClaim>;

/** GET /licences/claims query string: a list as every list of the API (limit, opaque cursor). */
export const ZClaimListQuery = z.strictObject({
  status: z.enum(CLAIM_STATUSES, { error: `must be one of ${CLAIM_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
  cursor: z.string().max(500).optional(),
});
export type ClaimListQuery = z.infer<typeof ZClaimListQuery>;

/**
 * GET /licences/claims: open claims first, then newest first; `{ items, nextCursor, total,
 * totalExact }` (the Commission's items are ZCommissionClaim, an operator's ZClaim).
 */
export const ZClaims = pageOf(z.union([ZCommissionClaim, ZClaim]));
