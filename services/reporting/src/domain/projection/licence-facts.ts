import { z } from 'zod';
import {
  CUSTOMS_STATUSES,
  ELEMENTS,
  LICENCE_SOURCES,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  normaliseLicenceNumber,
  PRODUCT_TYPES,
  SECTORS,
  ZLicenceCustomsStatusChanged,
  ZLicenceStatusChanged,
  ZLicenceSubmitted,
  ZLicenceTransferred,
  ZLicenceUpdated,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type {
  FieldVersions,
  LicenceChange,
  LicenceFacts,
  LicenceField,
  LicenceFields,
  LicenceRowChange,
  LicenceRowState,
} from './read-model.types';

/** LicenceSubmitted carries no version: it describes the licence as registered, version 1. */
const SUBMITTED_VERSION = 1;

const date = z.iso.date();
const to = <T extends z.ZodType>(value: T) => z.object({ to: value }).optional();

/**
 * The changes of a LicenceUpdated that reports use (licences' editable fields by name); any other
 * named field is ignored, and a value of the wrong shape makes the event invalid.
 */
const ZReportedChanges = z.object({
  licenceType: to(z.enum(LICENCE_TYPES)),
  validFrom: to(date.nullable()),
  validTo: to(date.nullable()),
  applicationDate: to(date),
  exporterName: to(z.string()),
  exporterCreditCode: to(z.string().nullable()),
  sector: to(z.enum(SECTORS)),
  elements: to(z.array(z.enum(ELEMENTS))),
  productType: to(z.enum(PRODUCT_TYPES)),
  quantityKg: to(z.number()),
  valueEur: to(z.number().nullable()),
  urgent: to(z.boolean()),
  status: to(z.enum(LICENCE_STATUSES)),
  decisionDate: to(date.nullable()),
  customsStatus: to(z.enum(CUSTOMS_STATUSES)),
  source: to(z.enum(LICENCE_SOURCES)),
});

function reference(data: { licenceId: string; companyId: string; licenceNumber: string }) {
  return {
    id: data.licenceId,
    companyId: data.companyId,
    licenceNumber: data.licenceNumber,
    numberNormalised: normaliseLicenceNumber(data.licenceNumber),
  };
}

/** What a licence event (validated here: an invalid one is refused as such) says about its licence. */
export function licenceFactsOf(event: AnyEnvelope): LicenceFacts {
  switch (event.type) {
    case 'LicenceSubmitted': {
      const { data } = parseOrThrow(ZLicenceSubmitted, event);
      const { licenceId: _id, licenceNumber: _number, submittedAt, reviewRequired: _review, ...rest } = data;
      return {
        ...reference(data),
        version: SUBMITTED_VERSION,
        submitted: true,
        submittedAt,
        fields: {
          ...rest,
          validFrom: parseOrThrow(date.nullable(), rest.validFrom),
          validTo: parseOrThrow(date.nullable(), rest.validTo),
          applicationDate: parseOrThrow(date, rest.applicationDate),
          decisionDate: parseOrThrow(date.nullable(), rest.decisionDate),
          statusChangedAt: submittedAt,
        },
      };
    }
    case 'LicenceUpdated': {
      const { data, occurredAt } = parseOrThrow(ZLicenceUpdated, event);
      const changes = parseOrThrow(ZReportedChanges, data.changes);
      const fields: Partial<LicenceFields> = {};
      for (const [key, change] of Object.entries(changes)) {
        if (change) Object.assign(fields, { [key]: change.to });
      }
      if (fields.status !== undefined) fields.statusChangedAt = occurredAt;
      return {
        ...reference(data),
        version: data.version,
        submitted: false,
        fields: { companyId: data.companyId, ...fields },
      };
    }
    case 'LicenceStatusChanged': {
      const { data, occurredAt } = parseOrThrow(ZLicenceStatusChanged, event);
      return {
        ...reference(data),
        version: data.version,
        submitted: false,
        submittedAt: data.submittedAt,
        fields: {
          companyId: data.companyId,
          status: data.to,
          decisionDate: parseOrThrow(date.nullable(), data.decisionDate),
          statusChangedAt: occurredAt,
        },
      };
    }
    case 'LicenceCustomsStatusChanged': {
      const { data } = parseOrThrow(ZLicenceCustomsStatusChanged, event);
      return {
        ...reference(data),
        version: data.version,
        submitted: false,
        fields: { companyId: data.companyId, customsStatus: data.to },
      };
    }
    case 'LicenceTransferred': {
      const { data } = parseOrThrow(ZLicenceTransferred, event);
      const ref = {
        licenceId: data.licenceId,
        companyId: data.toCompanyId,
        licenceNumber: data.licenceNumber,
      };
      return {
        ...reference(ref),
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
 * value only when the event's licence version is above the one that last set that field. So
 * events applied in any order leave every field with the value of the newest event naming it.
 */
export function newerFields(versions: FieldVersions, facts: LicenceFacts): LicenceChange {
  const fields: Partial<LicenceFields> = {};
  const fieldVersions: FieldVersions = {};
  for (const [key, value] of Object.entries(facts.fields) as [LicenceField, unknown][]) {
    if (value === undefined || (versions[key] ?? 0) >= facts.version) continue;
    Object.assign(fields, { [key]: value });
    fieldVersions[key] = facts.version;
  }
  return { facts, fields, fieldVersions };
}

/**
 * Folds the facts of one licence (in delivery order) over the row as it was: each fact changes
 * only the fields newer than the versions known so far (newerFields), so the result is the same
 * as applying the events one by one, in one write.
 */
export function foldLicenceFacts(row: LicenceRowState, facts: readonly LicenceFacts[]): LicenceRowChange {
  const last = facts[facts.length - 1]!;
  const versions: FieldVersions = { ...row.fieldVersions };
  const change: LicenceRowChange = {
    id: last.id,
    licenceNumber: last.licenceNumber,
    numberNormalised: last.numberNormalised,
    version: 0,
    submitted: false,
    submittedAt: null,
    companyId: row.companyId,
    fields: {},
    fieldVersions: {},
  };
  for (const fact of facts) {
    const { fields, fieldVersions } = newerFields(versions, fact);
    Object.assign(change.fields, fields);
    Object.assign(change.fieldVersions, fieldVersions);
    Object.assign(versions, fieldVersions);
    change.version = Math.max(change.version, fact.version);
    change.submitted ||= fact.submitted;
    change.submittedAt ??= fact.submittedAt ?? null;
  }
  change.companyId = change.fields.companyId ?? row.companyId;
  return change;
}
