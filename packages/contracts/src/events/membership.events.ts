import { z } from 'zod';
import { envelopeOf } from './envelope';

export const COMPANY_ROLES = ['admin', 'member'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];

/**
 * Published by the licences service when a user becomes a member of a company: its first user
 * (who creates it) as admin, an invited colleague as member, and once for every existing
 * membership by the backfill (`backfill: true`), so that consumers (messaging's recipients) can
 * start from an empty table. Consumers keep one row per (companyId, userId).
 */
export const ZUserJoinedCompany = envelopeOf(
  'UserJoinedCompany',
  1,
  z.object({
    userId: z.uuid(),
    companyId: z.uuid(),
    email: z.email(),
    name: z.string(),
    role: z.enum(COMPANY_ROLES),
    joinedAt: z.iso.datetime(),
    backfill: z.boolean().default(false),
  }),
);

/** A member left (or was removed from) a company: from now on they see none of its licences. */
export const ZUserLeftCompany = envelopeOf(
  'UserLeftCompany',
  1,
  z.object({
    userId: z.uuid(),
    companyId: z.uuid(),
    email: z.email(),
    leftAt: z.iso.datetime(),
    reason: z.enum(['removed', 'left']),
    /** The admin who removed them; null when they left themselves. */
    removedBy: z.uuid().nullable(),
  }),
);

/**
 * A company admin invited a colleague by e-mail. Messaging sends the invitation e-mail; until it
 * does, the invitation shows on the company's members page. The invitee joins by signing in with
 * exactly this address (compared case-insensitively) before `expiresAt`.
 */
export const ZCompanyInvitationCreated = envelopeOf(
  'CompanyInvitationCreated',
  1,
  z.object({
    invitationId: z.uuid(),
    companyId: z.uuid(),
    companyName: z.string(),
    email: z.email(),
    invitedBy: z.object({ userId: z.uuid(), name: z.string() }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
  }),
);

/**
 * The Commission decided a claim on a licence number in the claimant's favour: the licence (its
 * history, transmissions and messages) now belongs to `toCompanyId`; `fromCompanyId` no longer
 * sees it. `version` is the licence's version after the transfer.
 */
export const ZLicenceTransferred = envelopeOf(
  'LicenceTransferred',
  1,
  z.object({
    licenceId: z.uuid(),
    licenceNumber: z.string(),
    version: z.number().int(),
    claimId: z.uuid(),
    fromCompanyId: z.uuid(),
    toCompanyId: z.uuid(),
    transferredAt: z.iso.datetime(),
  }),
);

export type UserJoinedCompany = z.infer<typeof ZUserJoinedCompany>;
export type UserLeftCompany = z.infer<typeof ZUserLeftCompany>;
export type CompanyInvitationCreated = z.infer<typeof ZCompanyInvitationCreated>;
export type LicenceTransferred = z.infer<typeof ZLicenceTransferred>;
