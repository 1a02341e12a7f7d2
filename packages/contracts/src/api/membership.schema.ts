import { z } from 'zod';
import { COMPANY_ROLES } from '../events/membership.events';

/** An invitation is open this long; then it can no longer be accepted. */
export const INVITATION_TTL_DAYS = 14;

/** GET /me/company/members: one row per colleague. */
export const ZCompanyMember = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  role: z.enum(COMPANY_ROLES),
  joinedAt: z.iso.datetime(),
});
export type CompanyMember = z.infer<typeof ZCompanyMember>;
export const ZCompanyMembers = z.object({ items: z.array(ZCompanyMember) });

/** PATCH /me/company/members/{userId} (company admins) */
export const ZMemberRoleInput = z.strictObject({
  role: z.enum(COMPANY_ROLES, { error: 'must be admin or member' }),
});
export type MemberRoleInput = z.infer<typeof ZMemberRoleInput>;

/** POST /me/company/invitations (company admins): the address is compared case-insensitively. */
export const ZInvitationInput = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'must be an e-mail address' }).max(254, 'must have at most 254 characters')),
});
export type InvitationInput = z.infer<typeof ZInvitationInput>;

/** An open invitation, shown on the members page until the invitee signs in. */
export const ZCompanyInvitation = z.object({
  id: z.uuid(),
  email: z.email(),
  invitedBy: z.object({ id: z.uuid(), name: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type CompanyInvitationView = z.infer<typeof ZCompanyInvitation>;
export const ZCompanyInvitations = z.object({ items: z.array(ZCompanyInvitation) });
