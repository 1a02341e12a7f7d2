import type { CompanyInvitationView } from '@lmp/contracts';
import type { Db } from '../../data-access/database';
import { listOpenInvitations } from '../../data-access/invitation.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';

/** GET /me/company/invitations (admins): the invitations that can still be accepted. */
export async function listInvitations({
  db,
  actor,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  now?: Date;
}): Promise<CompanyInvitationView[]> {
  assertCompanyAdmin(actor);
  const open = await listOpenInvitations(db, actor.companyId, now);
  return open.map(({ id, email, invitedBy, createdAt, expiresAt }) => ({
    id,
    email,
    invitedBy,
    createdAt,
    expiresAt,
  }));
}
