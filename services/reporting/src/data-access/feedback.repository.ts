import type { ConfirmationFacts, MofcomReportFacts } from '../domain/projection/read-model.types';
import type { Queryable } from './database';

export async function saveMofcomReport(tx: Queryable, r: MofcomReportFacts): Promise<void> {
  await tx.query(
    `INSERT INTO mofcom_reports (feedback_id, number_normalised, status, date, received_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (feedback_id) DO NOTHING`,
    [r.feedbackId, r.numberNormalised, r.status, r.date, r.receivedAt],
  );
}

export async function saveConfirmation(tx: Queryable, c: ConfirmationFacts): Promise<void> {
  await tx.query(
    `INSERT INTO confirmations (id, licence_id, company_id, licence_number, decision, reported_status,
            confirmed_status, comment, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
    [
      c.id,
      c.licenceId,
      c.companyId,
      c.licenceNumber,
      c.decision,
      c.reportedStatus,
      c.confirmedStatus,
      c.comment,
      c.recordedAt,
    ],
  );
}
