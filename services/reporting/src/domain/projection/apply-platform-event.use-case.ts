import { z } from 'zod';
import {
  normaliseLicenceNumber,
  ZAnyEnvelope,
  ZCompanyRegistered,
  ZCompanyUpdated,
  ZIndustryConfirmationRecorded,
  ZLicenceTransmitted,
  ZMofcomFeedbackReceived,
  ZTransmissionBatchDispatched,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { saveCompany } from '../../data-access/company.repository';
import { withTransaction, type Db, type Tx } from '../../data-access/database';
import { saveConfirmation, saveMofcomReport } from '../../data-access/feedback.repository';
import {
  lockCompanyShared,
  lockLicence,
  saveLicenceChange,
} from '../../data-access/licence-facts.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';
import { saveBatch, saveTransmission } from '../../data-access/transmission.repository';
import { licenceFactsOf, newerFields } from './licence-facts';

export type ProjectionOutcome = 'applied' | 'already-applied';

type Apply = (tx: Tx) => Promise<void>;

/** Validates the event (an invalid one throws VALIDATION.FAILED) and says how it is applied. */
function applierOf(event: AnyEnvelope): Apply {
  switch (event.type) {
    case 'CompanyRegistered':
    case 'CompanyUpdated': {
      const schema = event.type === 'CompanyRegistered' ? ZCompanyRegistered : ZCompanyUpdated;
      const { data, occurredAt } = parseOrThrow(schema, event);
      const { companyId, ...company } = data;
      return async (tx) => {
        await saveCompany(tx, { id: companyId, ...company, eventAt: occurredAt });
      };
    }
    case 'LicenceSubmitted':
    case 'LicenceUpdated':
    case 'LicenceStatusChanged':
    case 'LicenceCustomsStatusChanged': {
      const facts = licenceFactsOf(event);
      return async (tx) => {
        await lockCompanyShared(tx, facts.companyId);
        await saveLicenceChange(tx, newerFields(await lockLicence(tx, facts.id), facts));
      };
    }
    case 'LicenceTransmitted': {
      const { data } = parseOrThrow(ZLicenceTransmitted, event);
      return (tx) =>
        saveTransmission(tx, { ...data, numberNormalised: normaliseLicenceNumber(data.licenceNumber) });
    }
    case 'TransmissionBatchDispatched': {
      const { data } = parseOrThrow(ZTransmissionBatchDispatched, event);
      return (tx) => saveBatch(tx, { id: data.batchId, ...data });
    }
    case 'MofcomFeedbackReceived': {
      const { data, occurredAt } = parseOrThrow(ZMofcomFeedbackReceived, event);
      return (tx) =>
        saveMofcomReport(tx, {
          feedbackId: data.feedbackId,
          numberNormalised: normaliseLicenceNumber(data.licenceNumber),
          status: data.status,
          date: data.date,
          receivedAt: occurredAt,
        });
    }
    case 'IndustryConfirmationRecorded': {
      const { data, occurredAt } = parseOrThrow(ZIndustryConfirmationRecorded, event);
      const { confirmationId, ...confirmation } = data;
      return (tx) => saveConfirmation(tx, { id: confirmationId, ...confirmation, recordedAt: occurredAt });
    }
    default:
      return parseOrThrow(z.never({ error: `${event.type} is not an event reporting keeps` }), event.type);
  }
}

/**
 * Applies one platform event to the read model: validated here (an invalid one is refused as
 * such and dead-lettered at once), applied once however often it is delivered (claimEvent in the
 * same transaction), and in any order (per-field licence versions; the newest company event).
 */
export async function applyPlatformEvent({
  db,
  consumer,
  event,
}: {
  db: Db;
  consumer: string;
  event: unknown;
}): Promise<ProjectionOutcome> {
  const envelope = parseOrThrow(ZAnyEnvelope, event) as AnyEnvelope;
  const apply = applierOf(envelope);
  return withTransaction(db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, envelope.id))) return 'already-applied';
    await apply(tx);
    return 'applied';
  });
}
