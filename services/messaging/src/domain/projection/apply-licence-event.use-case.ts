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
import { insertTransmission, saveBatchDispatched } from '../../data-access/batch.repository';
import { saveCompany } from '../../data-access/company.repository';
import { withTransaction, type Tx } from '../../data-access/database';
import {
  lockLicence,
  recordLicenceTransmission,
  saveLicenceChange,
} from '../../data-access/licence.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';
import { confirmationRequestMails } from '../notifications/confirmation-request.notifications';
import { licenceFactsOf, newerFields } from './licence-facts';
import type { ProjectionDeps, ProjectionOutcome } from './projection.types';

/** Applies the event in the transaction; answers how many e-mails it enqueued. */
type Apply = (tx: Tx) => Promise<number>;

/** Validates the event (an invalid one throws VALIDATION.FAILED) and says how it is applied. */
function applierOf(deps: ProjectionDeps, event: AnyEnvelope): Apply {
  switch (event.type) {
    case 'CompanyRegistered':
    case 'CompanyUpdated': {
      const schema = event.type === 'CompanyRegistered' ? ZCompanyRegistered : ZCompanyUpdated;
      const { data, occurredAt } = parseOrThrow(schema, event);
      return async (tx) => {
        await saveCompany(tx, {
          id: data.companyId,
          name: data.name,
          memberState: data.memberState,
          sector: data.sector,
          eventAt: occurredAt,
        });
        return 0;
      };
    }
    case 'LicenceSubmitted':
    case 'LicenceUpdated':
    case 'LicenceStatusChanged':
    case 'LicenceTransferred': {
      const facts = licenceFactsOf(event);
      return async (tx) => {
        await saveLicenceChange(tx, newerFields(await lockLicence(tx, facts.id), facts));
        return 0;
      };
    }
    case 'LicenceTransmitted': {
      const { data } = parseOrThrow(ZLicenceTransmitted, event);
      return async (tx) => {
        // No batch lock here: a batch's transmissions are applied in parallel; whether the batch
        // is complete is checked after the commit (deps.digestChecks).
        if (await insertTransmission(tx, data)) {
          await recordLicenceTransmission(tx, {
            ...data,
            numberNormalised: normaliseLicenceNumber(data.licenceNumber),
          });
        }
        return 0;
      };
    }
    case 'TransmissionBatchDispatched': {
      const { data } = parseOrThrow(ZTransmissionBatchDispatched, event);
      return async (tx) => {
        await saveBatchDispatched(tx, data);
        return 0;
      };
    }
    case 'MofcomFeedbackReceived': {
      const parsed = parseOrThrow(ZMofcomFeedbackReceived, event);
      return (tx) => confirmationRequestMails(tx, deps, { eventId: parsed.id, ...parsed.data });
    }
    case 'IndustryConfirmationRecorded': {
      // Subscribed so the queue exists for it; nothing here depends on it yet.
      parseOrThrow(ZIndustryConfirmationRecorded, event);
      return async () => 0;
    }
    default:
      return parseOrThrow(z.never({ error: `${event.type} is not an event messaging keeps` }), event.type);
  }
}

/**
 * Applies one event of messaging.licence-events: validated here (an invalid one is refused as
 * such and dead-lettered at once), applied once however often it is delivered (claimEvent in the
 * same transaction as the projection and any e-mail it causes), and in any order (per-field
 * licence versions; the newest company event; batches complete whatever their events' order).
 */
export async function applyLicenceEvent(
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
  // After the commit, so the check sees this transmission (a redelivery asks again: a crash may
  // have come between the commit and the check).
  const batchId = batchOf(envelope);
  if (batchId) deps.digestChecks.request(batchId);
  return outcome.result;
}

function batchOf(event: AnyEnvelope): string | undefined {
  if (event.type !== 'LicenceTransmitted' && event.type !== 'TransmissionBatchDispatched') return undefined;
  return (event.data as { batchId: string }).batchId;
}
