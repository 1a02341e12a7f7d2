import { z } from 'zod';
import {
  ZAnyEnvelope,
  ZCompanyInvitationCreated,
  ZUserJoinedCompany,
  ZUserLeftCompany,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Tx } from '../../data-access/database';
import { dropDigestItemsOfLeaver } from '../../data-access/digest.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';
import { joinedSince, saveJoined, saveLeft } from '../../data-access/recipient.repository';
import { invitationMail } from '../mail-templates';
import type { ProjectionDeps, ProjectionOutcome } from './projection.types';

type Apply = (tx: Tx) => Promise<number>;

function applierOf(deps: ProjectionDeps, event: AnyEnvelope): Apply {
  switch (event.type) {
    case 'UserJoinedCompany': {
      const { data } = parseOrThrow(ZUserJoinedCompany, event);
      return async (tx) => {
        await saveJoined(tx, data);
        return 0;
      };
    }
    case 'UserLeftCompany': {
      const { data } = parseOrThrow(ZUserLeftCompany, event);
      return async (tx) => {
        await saveLeft(tx, data);
        await dropDigestItemsOfLeaver(tx, data);
        return 0;
      };
    }
    case 'CompanyInvitationCreated': {
      const { data } = parseOrThrow(ZCompanyInvitationCreated, event);
      // Always sent (the invitee has no preferences yet): no unsubscribe link. Not sent when the
      // invitee has joined already (signed in before this event was applied): the join is known
      // by then. A join applied after the mail was written changes nothing: the mail is on its way.
      return async (tx) =>
        (await joinedSince(tx, { companyId: data.companyId, email: data.email, since: data.createdAt }))
          ? 0
          : deps.mail.enqueue(tx, [
              {
                dedupeKey: `${data.invitationId}:${data.email.toLowerCase()}:invitation`,
                kind: 'invitation',
                to: { address: data.email },
                ...invitationMail({
                  inviteeEmail: data.email,
                  companyName: data.companyName,
                  invitedByName: data.invitedBy.name,
                  expiresAt: data.expiresAt,
                  signInUrl: `${deps.links.baseUrl}/`,
                }),
              },
            ]);
    }
    default:
      return parseOrThrow(z.never({ error: `${event.type} is not a membership event` }), event.type);
  }
}

/**
 * Applies one event of messaging.membership-events once (claimEvent in the same transaction):
 * who belongs to which company (the recipients of its e-mail, and how an operator's company is
 * found; a leaver's pending daily-digest items of the company's threads are dropped), and the
 * invitation e-mail.
 */
export async function applyMembershipEvent(
  deps: ProjectionDeps,
  consumer: string,
  event: unknown,
): Promise<ProjectionOutcome> {
  const envelope = parseOrThrow(ZAnyEnvelope, event) as AnyEnvelope;
  const apply = applierOf(deps, envelope);
  const outcome = await withTransaction(deps.db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, envelope.id)))
      return { result: 'already-applied' as const, mails: 0 };
    return { result: 'applied' as const, mails: await apply(tx) };
  });
  if (outcome.mails > 0) deps.mail.wake();
  return outcome.result;
}
