import { z } from 'zod';
import {
  LICENCE_STATUSES,
  normaliseLicenceNumber,
  ZLicenceStatusChanged,
  ZLicenceSubmitted,
  ZLicenceUpdated,
  ZAnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { applyLicenceFacts } from '../../data-access/licence-projection.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';
import type { LicenceFacts } from './licence-projection.types';

export type ProjectionOutcome = 'applied' | 'already-applied';

/** LicenceSubmitted carries no version: it describes the licence as registered, version 1. */
const SUBMITTED_VERSION = 1;

/** The changes of a LicenceUpdated that a batch depends on; the others are not kept here. */
const ZRelevantChanges = z.object({
  applicationDate: z.object({ to: z.iso.date() }).optional(),
  status: z.object({ to: z.enum(LICENCE_STATUSES) }).optional(),
  urgent: z.object({ to: z.boolean() }).optional(),
});

function factsOf(event: unknown): LicenceFacts {
  const { type } = parseOrThrow(ZAnyEnvelope, event);
  if (type === 'LicenceSubmitted') {
    const { data } = parseOrThrow(ZLicenceSubmitted, event);
    return {
      ...reference(data),
      version: SUBMITTED_VERSION,
      submittedAt: data.submittedAt,
      applicationDate: parseOrThrow(z.iso.date(), data.applicationDate),
      status: data.status,
      urgent: data.urgent,
    };
  }
  if (type === 'LicenceUpdated') {
    const { data } = parseOrThrow(ZLicenceUpdated, event);
    const changes = parseOrThrow(ZRelevantChanges, data.changes);
    return {
      ...reference(data),
      version: data.version,
      applicationDate: changes.applicationDate?.to,
      status: changes.status?.to,
      urgent: changes.urgent?.to,
    };
  }
  if (type === 'LicenceStatusChanged') {
    const { data } = parseOrThrow(ZLicenceStatusChanged, event);
    return { ...reference(data), version: data.version, submittedAt: data.submittedAt, status: data.to };
  }
  return parseOrThrow(z.never({ error: `${type} is not a licence event this service keeps` }), type);
}

function reference(data: { licenceId: string; companyId: string; licenceNumber: string }) {
  return {
    id: data.licenceId,
    companyId: data.companyId,
    licenceNumber: data.licenceNumber,
    numberNormalised: normaliseLicenceNumber(data.licenceNumber),
  };
}

/**
 * Keeps the service's own copy of a licence from the licences service's events. The event is
 * validated here (an invalid one is refused as such and dead-lettered at once), applied once
 * however often it is delivered, and in any order: each field keeps the value of the highest
 * licence version that set it.
 */
export async function applyLicenceEvent({
  db,
  consumer,
  event,
}: {
  db: Db;
  consumer: string;
  event: unknown;
}): Promise<ProjectionOutcome> {
  const facts = factsOf(event);
  const eventId = (event as { id: string }).id;
  return withTransaction(db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, eventId))) return 'already-applied';
    await applyLicenceFacts(tx, facts);
    return 'applied';
  });
}
