import { randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { INVITATION_TTL_DAYS, newEvent, ZInvitationInput, type CompanyInvitationView } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { findCompany } from '../../data-access/company.repository';
import { withTransaction, type Db } from '../../data-access/database';
import { findOpenInvitationFor, insertInvitation } from '../../data-access/invitation.repository';
import { saveEvents } from '../../data-access/outbox';
import { findUserByEmail } from '../../data-access/user.repository';
import { eventMeta } from '../event-meta';
import { assertCompanyAdmin, type Actor } from '../identity/actor';
import { lockAsAdmin } from './colleague-rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * POST /me/company/invitations: an admin invites a colleague by e-mail. The invitee joins on
 * their first request signed in with that address (identity/accept-invitation.ts), within 14 days.
 * Messaging mails the invitation on CompanyInvitationCreated; until then the members page shows it.
 */
export async function inviteColleague({
  db,
  outbox,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  input: unknown;
  now?: Date;
}): Promise<CompanyInvitationView> {
  assertCompanyAdmin(actor);
  const { email } = parseOrThrow(ZInvitationInput, input);
  const invitation = await withTransaction(db, async (tx) => {
    const companyId = await lockAsAdmin(tx, actor);
    // Which company, if any, is not said: only that the address cannot be invited.
    if ((await findUserByEmail(tx, email))?.companyId) {
      throw new AppError('COMPANY.ADDRESS_IN_COMPANY', 'This address already belongs to a company', {
        errors: [{ field: 'email', message: 'already belongs to a company on the platform' }],
      });
    }
    if (await findOpenInvitationFor(tx, companyId, email, now)) {
      throw new AppError(
        'COMPANY.ALREADY_INVITED',
        'This address has an open invitation already; revoke it to send a new one',
        { errors: [{ field: 'email', message: 'has an open invitation already' }] },
      );
    }
    const company = (await findCompany(tx, companyId))!;
    const row = {
      id: randomUUID(),
      companyId,
      email,
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS),
    };
    await insertInvitation(tx, row);
    const view: CompanyInvitationView = {
      id: row.id,
      email,
      invitedBy: { id: actor.userId, name: actor.name },
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    };
    await saveEvents(tx, [
      newEvent(
        'CompanyInvitationCreated',
        {
          invitationId: row.id,
          companyId,
          companyName: company.name,
          email,
          invitedBy: { userId: actor.userId, name: actor.name },
          createdAt: view.createdAt,
          expiresAt: view.expiresAt,
        },
        eventMeta(actor, now),
      ),
    ]);
    return view;
  });
  outbox.written();
  return invitation;
}
