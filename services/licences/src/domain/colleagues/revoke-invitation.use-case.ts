import { AppError } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { findInvitation, markInvitationRevoked } from '../../data-access/invitation.repository';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { assertId } from '../resource-id';
import { lockAsAdmin } from './colleague-rules';

/**
 * DELETE /me/company/invitations/{id} (admins): a revoked invitation can no longer be accepted.
 * Revoking twice is no error; an accepted one is a colleague now (remove them instead).
 */
export async function revokeInvitation({
  db,
  actor,
  invitationId,
  now = new Date(),
}: {
  db: Db;
  actor: Actor;
  invitationId: string;
  now?: Date;
}): Promise<void> {
  assertCompanyAdmin(actor);
  assertId(invitationId, 'invitation');
  await withTransaction(db, async (tx) => {
    const companyId = await lockAsAdmin(tx, actor);
    const invitation = await findInvitation(tx, invitationId, { forUpdate: true });
    if (!invitation || invitation.companyId !== companyId) {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such invitation');
    }
    if (invitation.acceptedAt) {
      throw new AppError(
        'INVITATION.NOT_OPEN',
        'This invitation was accepted: the colleague is a member now (remove them from the members instead)',
      );
    }
    if (!invitation.revokedAt)
      await markInvitationRevoked(tx, invitationId, { userId: actor.userId, at: now });
  });
}
