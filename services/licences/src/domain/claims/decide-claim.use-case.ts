import { randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, ZClaimDecisionInput, type CommissionClaim } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { findClaim, markClaimDecided } from '../../data-access/claim.repository';
import { withTransaction, type Db } from '../../data-access/database';
import { insertHistory } from '../../data-access/licence-history.repository';
import { moveLicenceToCompany } from '../../data-access/licence-transfer.repository';
import { findLicence } from '../../data-access/licence.repository';
import { saveEvents } from '../../data-access/outbox';
import { assertId } from '../colleagues/colleague-rules';
import { eventMeta } from '../event-meta';
import { isCommission, type Actor } from '../identity/actor';
import { TRANSFER_CHANGE } from '../licence/licence-transfer';
import { toCommissionView } from './claim-view';

/**
 * POST /licences/claims/{id}/decision (Commission): reject, or transfer the licence to the
 * claimant's company. A transfer moves the licence with its history, transmissions and
 * confirmation requests, records who decided in its history, and publishes LicenceTransferred
 * (messaging moves the licence's threads and tells both companies; reporting moves its copy).
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
  if (!isCommission(actor)) throw new AppError('AUTH.FORBIDDEN', 'Only the Commission decides claims');
  assertId(claimId, 'claim');
  const { decision, comment } = parseOrThrow(ZClaimDecisionInput, input);
  const decided = await withTransaction(db, async (tx) => {
    const claim = await findClaim(tx, claimId, { forUpdate: true });
    if (!claim) throw new AppError('RESOURCE.NOT_FOUND', 'No such claim');
    if (claim.status !== 'open') {
      throw new AppError('CLAIM.DECIDED', `This claim was decided already (${claim.status})`);
    }
    const by = { id: actor.userId, name: actor.name };
    if (decision === 'transfer') {
      const licence = (await findLicence(tx, claim.licenceId, { forUpdate: true }))!;
      if (licence.companyId === claim.claimant.id) {
        throw new AppError('CLAIM.OWN_LICENCE', "The claimant's company holds this licence already");
      }
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
    await markClaimDecided(tx, claim.id, {
      status: decision === 'transfer' ? 'transferred' : 'rejected',
      at: now,
      by,
      comment: comment ?? null,
    });
    return (await findClaim(tx, claim.id))!;
  });
  if (decision === 'transfer') outbox.written();
  return toCommissionView(decided);
}
