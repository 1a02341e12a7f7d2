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

import { LICENCE_NUMBER_KEY, normaliseLicenceNumber } from '../licence-number';
import { amount, isoDate as date, isWellFormed, text } from './fields';

export const ZExporter = z.strictObject({
  name: text().trim().min(2, 'must have at least 2 characters').max(200),
  /** Unified social credit code, 18 characters, when known. */
  creditCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'must be an 18-character unified social credit code')
    .optional(),
});

/**
 * A licence number as typed or pasted: stored as it is (trimmed) for display, with the key of
 * `normaliseLicenceNumber` for uniqueness. So dashes, spaces, dots, slashes and underscores of any
 * kind, invisible characters and other scripts' digits are accepted; what is left must be Latin
 * letters and digits, at least 3 of them.
 */
export const ZLicenceNumber = text()
  .trim()
  // Separators and invisible characters around the number (a pasted zero-width space, a leading
  // dash) are dropped: they mean nothing, and a number starting with "-" would have to be altered
  // in every file the platform writes (formula guard), so MOFCOM would not recognise it.
  .overwrite(withoutEdgeSeparators)
  .max(64, 'must have at most 64 characters')
  .superRefine((typed, ctx) => {
    if (typed.includes('\u0000') || !isWellFormed(typed)) return; // said by text()
    const key = normaliseLicenceNumber(typed);
    if (/\p{Cc}/u.test(typed)) {
      ctx.addIssue({ code: 'custom', message: 'must not contain control characters' });
    } else if (!LICENCE_NUMBER_KEY.test(key)) {
      ctx.addIssue({
        code: 'custom',
        message: `may contain only letters A-Z, digits and separators (spaces, dashes, dots, slashes, underscores); not allowed: ${notAllowed(typed, key)}`,
      });
    } else if (key.length < 3) {
      ctx.addIssue({ code: 'custom', message: 'must have at least 3 letters or digits' });
    }
  })
  .describe(
    "Kept as typed; compared without separators (dashes, spaces, dots, slashes, underscores of any kind) or invisible characters, with look-alike letters and any script's digits folded: at least 3 of A-Z and 0-9",
  );

/** The number without the characters at either end that the key drops anyway (separators, invisibles). */
function withoutEdgeSeparators(typed: string): string {
  const chars = [...typed];
  const dropped = (c: string) => normaliseLicenceNumber(c) === '' && !/\p{Cc}/u.test(c);
  let start = 0;
  let end = chars.length;
  while (start < end && dropped(chars[start]!)) start++;
  while (end > start && dropped(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** The typed characters that leave something outside A-Z0-9 in the key, shown with their code point. */
function notAllowed(typed: string, key: string): string {
  const own = [...new Set(typed)].filter((c) => !LICENCE_NUMBER_KEY.test(normaliseLicenceNumber(c)));
  const shown = own.length > 0 ? own : [...new Set(key.replace(/[A-Z0-9]/g, ''))];
  return shown
    .map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ');
}

/**
 * Fields an operator may set when registering and later edit, without defaults: a PATCH must
 * change only what it names. Cross-field rules live in the licences domain.
 */
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
  quantityKg: amount(3).pipe(z.number().min(0.001, 'must be greater than 0').max(1e9)),
  valueEur: amount(2).pipe(z.number().nonnegative('must not be negative').max(1e12)).nullable().optional(),
  urgent: z.boolean(),
  urgencyReason: text().trim().max(2000).nullable().optional(),
  status: z.enum(LICENCE_STATUSES),
  decisionDate: date().nullable().optional(),
  customsStatus: z.enum(CUSTOMS_STATUSES),
  customsNote: text().trim().max(2000).nullable().optional(),
};

/** POST /licences */
export const ZLicenceInput = z.strictObject({
  licenceNumber: ZLicenceNumber,
  ...editable,
  // Every licence is pending, not urgent and not at customs until the operator says otherwise.
  urgent: editable.urgent.default(false),
  status: editable.status.default('pending'),
  customsStatus: editable.customsStatus.default('not_started'),
  mofcomCentralLevel: z.literal(true, {
    error: 'must be true: only licences that reached MOFCOM central level may be registered',
  }),
});
export type LicenceInput = z.infer<typeof ZLicenceInput>;

/** PATCH /licences/{id}: any editable field; the licence number and company never change. */
export const ZLicencePatch = z.strictObject(
  Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof editable]: z.ZodOptional<(typeof editable)[K]>;
  },
);
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
  /**
   * "Check this migrated licence": true for a licence migrated from EU Survey until an operator of
   * its company confirms it (POST /licences/{id}/review) or edits it. Defaults to false for readers
   * of an older producer.
   */
  reviewRequired: z.boolean().default(false),
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
  z.strictObject({
    decision: z.literal('confirm'),
    /** Needed only when MOFCOM reported a decision without its date. */
    decisionDate: date().optional(),
    comment: text().trim().max(2000).optional(),
  }),
  z.strictObject({
    decision: z.literal('correct'),
    status: z.enum(LICENCE_STATUSES),
    decisionDate: date().nullable().optional(),
    comment: text().trim().min(1, 'must explain the correction').max(2000),
  }),
]);
export type ConfirmationDecision = z.infer<typeof ZConfirmationDecision>;

export const ZHistoryEntry = z.object({
  at: z.iso.datetime(),
  actor: z.object({ id: z.string(), name: z.string() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
});
export type HistoryEntry = z.infer<typeof ZHistoryEntry>;
