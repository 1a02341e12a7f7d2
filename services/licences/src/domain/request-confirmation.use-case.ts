import { createHash } from 'node:crypto';
import type { MofcomFeedbackReceived } from '@lmp/contracts';
import type { Tx } from '../data-access/database';
import { insertConfirmation } from '../data-access/confirmation.repository';
import { findLicenceByNumber } from '../data-access/licence.repository';
import { normaliseLicenceNumber } from './licence-number';

/** A stable id per feedback row, so a replayed event cannot open a second request. */
function confirmationIdFor(feedbackId: string): string {
  const h = createHash('sha256').update(`confirmation:${feedbackId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Information from Chinese authorities about a licence: the holding company is asked to confirm
 * or correct it. Feedback about a number nobody registered is ignored (and logged by the caller).
 */
export async function requestConfirmation(
  tx: Tx,
  event: MofcomFeedbackReceived,
): Promise<'requested' | 'unknown-licence'> {
  const licence = await findLicenceByNumber(tx, normaliseLicenceNumber(event.data.licenceNumber));
  if (!licence) return 'unknown-licence';
  await insertConfirmation(tx, {
    id: confirmationIdFor(event.data.feedbackId),
    licenceId: licence.id,
    companyId: licence.companyId,
    reportedStatus: event.data.status,
    reportedDate: event.data.date,
    requestedAt: new Date(event.occurredAt),
  });
  return 'requested';
}
