import { z } from 'zod';
import {
  CUSTOMS_STATUSES,
  ELEMENTS,
  LICENCE_SOURCES,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  PRODUCT_TYPES,
  SECTORS,
} from './reference-data';

const date = () => z.iso.date({ error: 'must be a date YYYY-MM-DD' });

export const ZExporter = z.strictObject({
  name: z.string().trim().min(2, 'must have at least 2 characters').max(200),
  /** Unified social credit code, 18 characters, when known. */
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'must be an 18-character unified social credit code')
    .optional(),
});

export const ZLicenceNumber = z
  .string()
  .trim()
  .min(3, 'must have at least 3 characters')
  .max(64, 'must have at most 64 characters')
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} /._-]*$/u,
    'may contain letters, digits, spaces, dashes, dots and slashes',
  );

/** Fields an operator may set when registering and later edit. Cross-field rules live in the licences domain. */
const editable = {
  licenceType: z.enum(LICENCE_TYPES),
  validFrom: date().nullable().optional(),
  validTo: date().nullable().optional(),
  applicationDate: date(),
  exporter: ZExporter,
  sector: z.enum(SECTORS),
  elements: z
    .array(z.enum(ELEMENTS, { error: `must be one of the controlled elements: ${ELEMENTS.join(', ')}` }))
    .min(1, 'must name at least one controlled element')
    .refine((list) => new Set(list).size === list.length, 'must not repeat an element'),
  productType: z.enum(PRODUCT_TYPES),
  quantityKg: z.number().positive('must be greater than 0').max(1e9),
  valueEur: z.number().nonnegative('must not be negative').max(1e12).nullable().optional(),
  urgent: z.boolean().default(false),
  urgencyReason: z.string().trim().max(2000).nullable().optional(),
  status: z.enum(LICENCE_STATUSES).default('pending'),
  decisionDate: date().nullable().optional(),
  customsStatus: z.enum(CUSTOMS_STATUSES).default('not_started'),
  customsNote: z.string().trim().max(2000).nullable().optional(),
};

/** POST /licences */
export const ZLicenceInput = z.strictObject({
  licenceNumber: ZLicenceNumber,
  ...editable,
  mofcomCentralLevel: z.literal(true, {
    error: 'must be true: only licences that reached MOFCOM central level may be registered',
  }),
});
export type LicenceInput = z.infer<typeof ZLicenceInput>;

/** PATCH /licences/{id}: any editable field; the licence number and company never change. */
export const ZLicencePatch = z
  .strictObject(
    Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof editable]: z.ZodOptional<(typeof editable)[K]>;
    },
  )
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type LicencePatch = z.infer<typeof ZLicencePatch>;

export const ZLicence = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  licenceNumber: z.string(),
  licenceType: z.enum(LICENCE_TYPES),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  applicationDate: z.string(),
  exporter: z.object({ name: z.string(), creditCode: z.string().nullable() }),
  sector: z.enum(SECTORS),
  elements: z.array(z.enum(ELEMENTS)),
  productType: z.enum(PRODUCT_TYPES),
  quantityKg: z.number(),
  valueEur: z.number().nullable(),
  urgent: z.boolean(),
  urgencyReason: z.string().nullable(),
  status: z.enum(LICENCE_STATUSES),
  decisionDate: z.string().nullable(),
  customsStatus: z.enum(CUSTOMS_STATUSES),
  customsNote: z.string().nullable(),
  mofcomCentralLevel: z.boolean(),
  source: z.enum(LICENCE_SOURCES),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int(),
  /** When and how many times the Commission transmitted the licence to MOFCOM. */
  transmissions: z.object({ count: z.number().int(), dates: z.array(z.iso.datetime()) }),
});
export type Licence = z.infer<typeof ZLicence>;

export const ZConfirmationRequest = z.object({
  id: z.uuid(),
  licenceId: z.uuid(),
  licenceNumber: z.string(),
  reportedStatus: z.enum(LICENCE_STATUSES),
  reportedDate: z.string().nullable(),
  requestedAt: z.iso.datetime(),
});
export type ConfirmationRequest = z.infer<typeof ZConfirmationRequest>;

/** GET /licences/{id}: the licence, its open confirmation requests and a summary of its history. */
export const ZLicenceDetail = ZLicence.extend({
  openConfirmations: z.array(ZConfirmationRequest),
  history: z.object({
    changes: z.number().int(),
    lastChangedAt: z.iso.datetime(),
    lastChangedBy: z.object({ id: z.string(), name: z.string() }),
  }),
});
export type LicenceDetail = z.infer<typeof ZLicenceDetail>;

/** POST /confirmations/{id} */
export const ZConfirmationDecision = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('confirm'), comment: z.string().trim().max(2000).optional() }),
  z.strictObject({
    decision: z.literal('correct'),
    status: z.enum(LICENCE_STATUSES),
    decisionDate: date().nullable().optional(),
    comment: z.string().trim().min(1, 'must explain the correction').max(2000),
  }),
]);
export type ConfirmationDecision = z.infer<typeof ZConfirmationDecision>;

export const ZHistoryEntry = z.object({
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), name: z.string() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export type HistoryEntry = z.infer<typeof ZHistoryEntry>;
