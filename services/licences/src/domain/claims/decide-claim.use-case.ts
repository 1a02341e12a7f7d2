import { randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, ZClaimDecisionInput, type CommissionClaim } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import {
  closeOtherOpenClaims,
  findClaim,
  markClaimDecided,
  type ClaimRecord,
} from '../../data-access/claim.repository';
import { withTransaction, type Db, type Tx } from '../../data-access/database';
import { insertHistory } from '../../data-access/licence-history.repository';
import { moveLicenceToCompany } from '../../data-access/licence-transfer.repository';
import { findLicence } from '../../data-access/licence.repository';
import { saveEvents } from '../../data-access/outbox';
import { eventMeta } from '../event-meta';
import { assertCommission, type Actor } from '../identity/actor';
import { TRANSFER_CHANGE } from '../licence/licence-transfer';
import type { LicenceRecord } from '../licence/licence.types';
import { assertId } from '../resource-id';
import { toCommissionView } from './claim-view';

/** The reasons given on claims the platform closes itself (their claimant reads them). */
export const CLOSED_AS_SUPERSEDED =
  'Closed: the Commission transferred this licence on another claim, so this claim no longer applies';
export const CLOSED_AS_HELD_ALREADY = "Closed: the claimant's company holds this licence already";

/**
 * POST /licences/claims/{id}/decision (Commission): reject, or transfer the licence to the
 * claimant's company. A transfer moves the licence with its history, transmissions and
 * confirmation requests, records who decided in its history, closes the licence's other open
 * claims (rejected, CLOSED_AS_SUPERSEDED), and publishes LicenceTransferred (messaging moves the
 * licence's threads and tells both companies; reporting moves its copy). A transfer is refused
 * (409) when the licence is no longer with the company the claim was filed against; a claim whose
 * claimant holds the licence by now is closed (rejected, CLOSED_AS_HELD_ALREADY), not left open.
 *
 * Lock order (data-access/database.ts): the licence, then its claim, then (in the move) its
 * confirmation requests, as resolveConfirmation takes them. Two decisions on claims of the same
 * licence so wait for each other; the second finds its claim closed.
 */
export async function decideClaim({
  db,
  outbox,
  actor,
  claimId,
  input,
  now = new Date(),
}: {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  claimId: string;
  input: unknown;
  now?: Date;
}): Promise<CommissionClaim> {
  assertCommission(actor, 'Only the Commission decides claims');
  assertId(claimId, 'claim');
  const { decision, comment } = parseOrThrow(ZClaimDecisionInput, input);
  let transferred = false;
  const decided = await withTransaction(db, async (tx) => {
    const filed = await findClaim(tx, claimId);
    if (!filed) throw new AppError('RESOURCE.NOT_FOUND', 'No such claim');
    const licence = (await findLicence(tx, filed.licenceId, { forUpdate: true }))!;
    const claim = (await findClaim(tx, claimId, { forUpdate: true }))!;
    if (claim.status !== 'open') {
      throw new AppError('CLAIM.DECIDED', `This claim was decided already (${claim.status})`);
    }
    const by = { id: actor.userId, name: actor.name };
    if (decision === 'reject') {
      await markClaimDecided(tx, claim.id, { status: 'rejected', at: now, by, comment: comment ?? null });
    } else if (licence.companyId === claim.claimant.id) {
      await markClaimDecided(tx, claim.id, {
        status: 'rejected',
        at: now,
        by,
        comment: CLOSED_AS_HELD_ALREADY,
      });
    } else {
      if (licence.companyId !== claim.holder.id) {
        throw new AppError(
          'CLAIM.HOLDER_CHANGED',
          'The licence is no longer with the company this claim was filed against: reject this claim, or ask the claimant to file it again',
        );
      }
      await transfer(tx, { actor, claim, licence, now });
      await markClaimDecided(tx, claim.id, { status: 'transferred', at: now, by, comment: comment ?? null });
      await closeOtherOpenClaims(tx, licence.id, claim.id, { at: now, by, comment: CLOSED_AS_SUPERSEDED });
      transferred = true;
    }
    return (await findClaim(tx, claim.id))!;
  });
  if (transferred) outbox.written();
  return toCommissionView(decided);
}

async function transfer(
  tx: Tx,
  { actor, claim, licence, now }: { actor: Actor; claim: ClaimRecord; licence: LicenceRecord; now: Date },
): Promise<void> {
  const moved = await moveLicenceToCompany(tx, licence.id, claim.claimant.id, now);
  await insertHistory(tx, {
    id: randomUUID(),
    licenceId: licence.id,
    at: now,
    actorId: actor.userId,
    actorName: actor.name,
    changes: { [TRANSFER_CHANGE]: { from: null, to: claim.id } },
  });
  await saveEvents(tx, [
    newEvent(
      'LicenceTransferred',
      {
        licenceId: licence.id,
        licenceNumber: licence.licenceNumber,
        version: moved.version,
        claimId: claim.id,
        fromCompanyId: licence.companyId,
        toCompanyId: claim.claimant.id,
        transferredAt: now.toISOString(),
      },
      eventMeta(actor, now),
    ),
  ]);
}
