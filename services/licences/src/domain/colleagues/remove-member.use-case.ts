import type { OutboxNotifier } from '@lmp/bus';
import { newEvent } from '@lmp/contracts';
import { withTransaction, type Db } from '../../data-access/database';
import { deleteMembership } from '../../data-access/membership.repository';
import { saveEvents } from '../../data-access/outbox';
import { eventMeta } from '../event-meta';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { assertKeepsAnAdmin, colleagueOf, lockAsAdmin, revokeInvitationsOnLeaving } from './colleague-rules';

/**
 * DELETE /me/company/members/{userId}: an admin removes a colleague (or themselves, if another
 * admin remains). The user keeps their account; from their next request on they have no company
 * and see none of its licences (nothing caches the membership: resolve-actor.use-case.ts); the
 * invitations they sent are revoked with the removal.
 */
export async function removeMember({
  db,
  outbox,
  actor,
  userId,
  now = new Date(),
}: {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  userId: string;
  now?: Date;
}): Promise<void> {
  assertCompanyAdmin(actor);
  await withTransaction(db, async (tx) => {
    const companyId = await lockAsAdmin(tx, actor);
    const member = await colleagueOf(tx, companyId, userId);
    await assertKeepsAnAdmin(tx, member, 'removed');
    await revokeInvitationsOnLeaving(tx, member, 'removed', { userId: actor.userId, at: now });
    await deleteMembership(tx, companyId, userId);
    const self = userId === actor.userId;
    await saveEvents(tx, [
      newEvent(
        'UserLeftCompany',
        {
          userId,
          companyId,
          email: member.email,
          leftAt: now.toISOString(),
          reason: self ? 'left' : 'removed',
          removedBy: self ? null : actor.userId,
        },
        eventMeta(actor, now),
      ),
    ]);
  });
  outbox.written();
}
