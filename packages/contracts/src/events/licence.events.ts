import { z } from 'zod';
import {
  CUSTOMS_STATUSES,
  ELEMENTS,
  LICENCE_SOURCES,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  PRODUCT_TYPES,
  SECTORS,
} from '../api/reference-data';
import { isoDate } from '../api/fields';
import { BATCH_KINDS } from '../api/transmission.schema';
import { envelopeOf } from './envelope';

const ZLicenceRef = { licenceId: z.uuid(), companyId: z.uuid(), licenceNumber: z.string() };

export const ZLicenceSubmitted = envelopeOf(
  'LicenceSubmitted',
  1,
  z.object({
    ...ZLicenceRef,
    licenceType: z.enum(LICENCE_TYPES),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    applicationDate: z.string(),
    exporterName: z.string(),
    /** The exporter's unified social credit code, when the company knows it. */
    exporterCreditCode: z.string().nullable().default(null),
    sector: z.enum(SECTORS),
    elements: z.array(z.enum(ELEMENTS)),
    productType: z.enum(PRODUCT_TYPES),
    quantityKg: z.number(),
    valueEur: z.number().nullable(),
    urgent: z.boolean(),
    status: z.enum(LICENCE_STATUSES),
    decisionDate: z.string().nullable(),
    customsStatus: z.enum(CUSTOMS_STATUSES),
    source: z.enum(LICENCE_SOURCES),
    /**
     * True for a licence migrated from EU Survey that its company has not yet confirmed or edited
     * ("check this migrated licence"); a later LicenceUpdated carries `reviewRequired` false.
     */
    reviewRequired: z.boolean().default(false),
    /** When it was submitted: on this platform, or the original EU Survey submission time. */
    submittedAt: z.iso.datetime(),
  }),
);

/** Any edit; `changes` names every changed field with its old and new value. */
export const ZLicenceUpdated = envelopeOf(
  'LicenceUpdated',
  1,
  z.object({
    ...ZLicenceRef,
    version: z.number().int(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  }),
);

export const ZLicenceStatusChanged = envelopeOf(
  'LicenceStatusChanged',
  1,
  z.object({
    ...ZLicenceRef,
    /** The licence's version after the change: consumers keep the highest (events may arrive out of order). */
    version: z.number().int(),
    from: z.enum(LICENCE_STATUSES),
    to: z.enum(LICENCE_STATUSES),
    decisionDate: z.string().nullable(),
    submittedAt: z.iso.datetime(),
  }),
);

export const ZLicenceCustomsStatusChanged = envelopeOf(
  'LicenceCustomsStatusChanged',
  1,
  z.object({
    ...ZLicenceRef,
    /** The licence's version after the change. */
    version: z.number().int(),
    from: z.enum(CUSTOMS_STATUSES),
    to: z.enum(CUSTOMS_STATUSES),
    note: z.string().nullable(),
  }),
);

/** Published by the transmissions service: one per licence in a dispatched MOFCOM batch. */
export const ZLicenceTransmitted = envelopeOf(
  'LicenceTransmitted',
  1,
  z.object({
    licenceId: z.uuid(),
    licenceNumber: z.string(),
    batchId: z.uuid(),
    transmittedAt: z.iso.datetime(),
  }),
);

export type LicenceSubmitted = z.infer<typeof ZLicenceSubmitted>;
export type LicenceUpdated = z.infer<typeof ZLicenceUpdated>;
export type LicenceStatusChanged = z.infer<typeof ZLicenceStatusChanged>;
export type LicenceCustomsStatusChanged = z.infer<typeof ZLicenceCustomsStatusChanged>;
export type LicenceTransmitted = z.infer<typeof ZLicenceTransmitted>;

/**
 * Published by the transmissions service when Chinese authorities report on a licence; the
 * licences service asks the holding company to confirm or correct it.
 */
export const ZMofcomFeedbackReceived = envelopeOf(
  'MofcomFeedbackReceived',
  1,
  z.object({
    feedbackId: z.uuid(),
    licenceNumber: z.string(),
    status: z.enum(LICENCE_STATUSES),
    date: isoDate().nullable(),
  }),
);

/** The operator's answer to a confirmation request ("industry confirmation"). */
export const ZIndustryConfirmationRecorded = envelopeOf(
  'IndustryConfirmationRecorded',
  1,
  z.object({
    confirmationId: z.uuid(),
    licenceId: z.uuid(),
    companyId: z.uuid(),
    licenceNumber: z.string(),
    decision: z.enum(['confirm', 'correct']),
    reportedStatus: z.enum(LICENCE_STATUSES),
    confirmedStatus: z.enum(LICENCE_STATUSES),
    comment: z.string().nullable(),
  }),
);

export type MofcomFeedbackReceived = z.infer<typeof ZMofcomFeedbackReceived>;
export type IndustryConfirmationRecorded = z.infer<typeof ZIndustryConfirmationRecorded>;

/**
 * Published by the transmissions service once per dispatched MOFCOM batch, in the same
 * transaction as the batch's `LicenceTransmitted` events (one per licence in the file). It names
 * no licence: a consumer that needs them (the per-company digest) takes the LicenceTransmitted
 * events carrying the same `batchId`.
 */
export const ZTransmissionBatchDispatched = envelopeOf(
  'TransmissionBatchDispatched',
  1,
  z.object({
    batchId: z.uuid(),
    runNumber: z.number().int().positive(),
    kind: z.enum(BATCH_KINDS),
    /** The fortnight, local dates in Europe/Brussels: `2025-10-27/2025-11-10`. */
    period: z.string(),
    /** Licences in the file, so one LicenceTransmitted each (excluded items not counted). */
    itemCount: z.number().int().nonnegative(),
    dispatchedAt: z.iso.datetime(),
    /** SHA-256 (hex) of the CSV file that was e-mailed. */
    fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The e-mail's Message-ID, the same for every send of this batch. */
    messageId: z.string(),
  }),
);

export type TransmissionBatchDispatched = z.infer<typeof ZTransmissionBatchDispatched>;
