import { z } from 'zod';
import {
  ELEMENTS,
  LICENCE_STATUSES,
  normaliseLicenceNumber,
  SECTORS,
  ZLicenceStatusChanged,
  ZLicenceSubmitted,
  ZLicenceTransferred,
  ZLicenceUpdated,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { LicenceChange, LicenceFacts, LicenceField, LicenceFields } from './projection.types';

/** LicenceSubmitted carries no version: it describes the licence as registered, version 1. */
const SUBMITTED_VERSION = 1;

const to = <T extends z.ZodType>(value: T) => z.object({ to: value }).optional();

/** The changes of a LicenceUpdated that messaging uses; other named fields are ignored. */
const ZKeptChanges = z.object({
  exporterName: to(z.string()),
  applicationDate: to(z.iso.date()),
  sector: to(z.enum(SECTORS)),
  elements: to(z.array(z.enum(ELEMENTS))),
  urgent: to(z.boolean()),
  status: to(z.enum(LICENCE_STATUSES)),
});

function reference(data: { licenceId: string; licenceNumber: string }) {
  return {
    id: data.licenceId,
    licenceNumber: data.licenceNumber,
    numberNormalised: normaliseLicenceNumber(data.licenceNumber),
  };
}

/** What a licence event (validated here: an invalid one is refused as such) says about its licence. */
export function licenceFactsOf(event: AnyEnvelope): LicenceFacts {
  switch (event.type) {
    case 'LicenceSubmitted': {
      const { data } = parseOrThrow(ZLicenceSubmitted, event);
      return {
        ...reference(data),
        version: SUBMITTED_VERSION,
        submitted: true,
        fields: {
          companyId: data.companyId,
          exporterName: data.exporterName,
          applicationDate: parseOrThrow(z.iso.date(), data.applicationDate),
          elements: data.elements,
          sector: data.sector,
          status: data.status,
          urgent: data.urgent,
          statusChangedAt: data.submittedAt,
        },
      };
    }
    case 'LicenceUpdated': {
      const { data, occurredAt } = parseOrThrow(ZLicenceUpdated, event);
      const changes = parseOrThrow(ZKeptChanges, data.changes);
      const fields: Partial<LicenceFields> = { companyId: data.companyId };
      for (const [key, change] of Object.entries(changes)) {
        if (change) Object.assign(fields, { [key]: change.to });
      }
      if (fields.status !== undefined) fields.statusChangedAt = occurredAt;
      return { ...reference(data), version: data.version, submitted: false, fields };
    }
    case 'LicenceStatusChanged': {
      const { data, occurredAt } = parseOrThrow(ZLicenceStatusChanged, event);
      return {
        ...reference(data),
        version: data.version,
        submitted: false,
        fields: { companyId: data.companyId, status: data.to, statusChangedAt: occurredAt },
      };
    }
    case 'LicenceTransferred': {
      const { data } = parseOrThrow(ZLicenceTransferred, event);
      return {
        ...reference(data),
        version: data.version,
        submitted: false,
        fields: { companyId: data.toCompanyId },
      };
    }
    default:
      return parseOrThrow(z.never({ error: `${event.type} is not a licence event` }), event.type);
  }
}

/**
 * The fields of `facts` newer than the versions the row remembers: a field takes the event's
 * value only when the event's licence version is above the one that last set it. So events
 * applied in any order leave every field with the value of the newest event naming it.
 */
export function newerFields(
  versions: Partial<Record<LicenceField, number>>,
  facts: LicenceFacts,
): LicenceChange {
  const fields: Partial<LicenceFields> = {};
  const fieldVersions: Partial<Record<LicenceField, number>> = {};
  for (const [key, value] of Object.entries(facts.fields) as [LicenceField, unknown][]) {
    if (value === undefined || (versions[key] ?? 0) >= facts.version) continue;
    Object.assign(fields, { [key]: value });
    fieldVersions[key] = facts.version;
  }
  return { facts, fields, fieldVersions };
}
