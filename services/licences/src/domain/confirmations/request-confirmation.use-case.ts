import { createHash } from 'node:crypto';
import { ZMofcomFeedbackReceived } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { insertConfirmation } from '../../data-access/confirmation.repository';
import { findLicenceByNumber } from '../../data-access/licence.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';
import { normaliseLicenceNumber } from '../licence/licence-number';

/** A stable id per feedback row, so a replayed event cannot open a second request. */
function confirmationIdFor(feedbackId: string): string {
  const h = createHash('sha256').update(`confirmation:${feedbackId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * MofcomFeedbackReceived: information from Chinese authorities about a licence; the holding
 * company is asked to confirm or correct it. Validated here (an invalid event is dead-lettered at
 * once) and applied once per event. Feedback about a number nobody registered is ignored (and
 * logged by the caller).
 */
export async function requestConfirmation({
  db,
  consumer,
  event,
}: {
  db: Db;
  consumer: string;
  event: unknown;
}): Promise<'requested' | 'unknown-licence' | 'already-applied'> {
  const feedback = parseOrThrow(ZMofcomFeedbackReceived, event);
  return withTransaction(db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, feedback.id))) return 'already-applied';
    const licence = await findLicenceByNumber(tx, normaliseLicenceNumber(feedback.data.licenceNumber));
    if (!licence) return 'unknown-licence';
    await insertConfirmation(tx, {
      id: confirmationIdFor(feedback.data.feedbackId),
      licenceId: licence.id,
      companyId: licence.companyId,
      reportedStatus: feedback.data.status,
      reportedDate: feedback.data.date,
      requestedAt: new Date(feedback.occurredAt),
    });
    return 'requested';
  });
}
