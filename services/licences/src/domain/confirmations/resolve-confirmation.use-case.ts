import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, ZConfirmationDecision, type Licence, type LicencePatch } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import {
  findConfirmation,
  resolveConfirmation as markResolved,
} from '../../data-access/confirmation.repository';
import { findLicence } from '../../data-access/licence.repository';
import { saveEvents } from '../../data-access/outbox';
import { assertOperator, type Actor } from '../identity/actor';
import { applyLicencePatch } from '../licence/apply-licence-patch';
import { eventMeta } from '../event-meta';
import { assertId } from '../resource-id';

/**
 * POST /confirmations/{id}: the operator confirms what MOFCOM reported, or corrects it. Either way
 * the licence takes the confirmed status (through the normal edit, so history and events follow)
 * and the answer is recorded as the industry confirmation.
 */
export async function resolveConfirmation({
  db,
  outbox,
  actor,
  confirmationId,
  input,
}: {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  confirmationId: string;
  input: unknown;
}): Promise<{ licence: Licence }> {
  assertId(confirmationId, 'confirmation request');
  assertOperator(actor, 'Only the company holding the licence answers');
  const answer = parseOrThrow(ZConfirmationDecision, input);
  const result = await withTransaction(db, async (tx) => {
    // Lock order (data-access/database.ts): the licence, then its confirmation request, as a
    // claim's transfer takes them (it moves the licence's requests to the new holder).
    const seen = await findConfirmation(tx, confirmationId);
    if (seen) await findLicence(tx, seen.licenceId, { forUpdate: true });
    const request = seen && (await findConfirmation(tx, confirmationId, { forUpdate: true }));
    if (!request || request.companyId !== actor.companyId) {
      throw new AppError('RESOURCE.NOT_FOUND', 'No such confirmation request');
    }
    if (request.resolvedAt)
      throw new AppError('RESOURCE.NOT_FOUND', 'This confirmation request was already answered');
    const patch: LicencePatch =
      answer.decision === 'confirm'
        ? {
            status: request.reportedStatus,
            // MOFCOM sometimes reports a decision without its date: the operator supplies it.
            decisionDate: decidedDate(
              request.reportedStatus,
              request.reportedDate ?? answer.decisionDate ?? null,
            ),
          }
        : { status: answer.status, decisionDate: answer.decisionDate ?? null };
    const licence = await applyLicencePatch(tx, { actor, licenceId: request.licenceId, patch });
    const comment = answer.comment ?? null;
    await markResolved(tx, request.id, {
      decision: answer.decision,
      confirmedStatus: licence.status,
      comment,
      by: actor.userId,
    });
    await saveEvents(tx, [
      newEvent(
        'IndustryConfirmationRecorded',
        {
          confirmationId: request.id,
          licenceId: licence.id,
          companyId: licence.companyId,
          licenceNumber: licence.licenceNumber,
          decision: answer.decision,
          reportedStatus: request.reportedStatus,
          confirmedStatus: licence.status,
          comment,
        },
        eventMeta(actor),
      ),
    ]);
    return { licence };
  });
  outbox.written();
  return result;
}

function decidedDate(status: string, date: string | null): string | null {
  return status === 'granted' || status === 'refused' ? date : null;
}
