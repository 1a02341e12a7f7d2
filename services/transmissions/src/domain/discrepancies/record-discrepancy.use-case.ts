import { randomUUID } from 'node:crypto';
import { ZIndustryConfirmationRecorded } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { insertDiscrepancy } from '../../data-access/discrepancy.repository';
import { reportedDateOf } from '../../data-access/feedback.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';

export type DiscrepancyOutcome = 'recorded' | 'agrees' | 'already-applied';

/**
 * IndustryConfirmationRecorded: the company answered what MOFCOM reported. When its status differs
 * from MOFCOM's, the Commission keeps it as a discrepancy (MOFCOM said X on date D, the company
 * says Y). Validated here (an invalid event is dead-lettered at once) and applied once however
 * often it is delivered; one discrepancy per confirmation.
 */
export async function recordDiscrepancy({
  db,
  consumer,
  event,
}: {
  db: Db;
  consumer: string;
  event: unknown;
}): Promise<DiscrepancyOutcome> {
  const confirmation = parseOrThrow(ZIndustryConfirmationRecorded, event);
  const data = confirmation.data;
  return withTransaction(db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, confirmation.id))) return 'already-applied';
    if (data.confirmedStatus === data.reportedStatus) return 'agrees';
    await insertDiscrepancy(tx, {
      id: randomUUID(),
      confirmationId: data.confirmationId,
      licenceId: data.licenceId,
      companyId: data.companyId,
      licenceNumber: data.licenceNumber,
      reportedStatus: data.reportedStatus,
      reportedDate: await reportedDateOf(tx, data.licenceId, data.reportedStatus),
      confirmedStatus: data.confirmedStatus,
      comment: data.comment,
      recordedAt: new Date(confirmation.occurredAt),
    });
    return 'recorded';
  });
}
