import { z } from 'zod';
import { isoDate, isWellFormed, text } from './fields';
import { LICENCE_STATUSES } from './reference-data';

/** The transmissions service's API (Commission only): the MOFCOM schedule and batches. */

export const BATCH_KINDS = ['scheduled', 'urgent', 'manual'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** draft → dispatching → dispatched, or failed (which can be dispatched again), or cancelled. */
export const BATCH_STATUSES = ['draft', 'dispatching', 'dispatched', 'failed', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** The MOFCOM file's columns, in this order and nothing else (data minimisation). */
export const BATCH_FILE_COLUMNS = ['licence_number', 'submission_date'] as const;

export const BATCH_FILE_FORMATS = ['csv', 'xlsx'] as const;

/** GET /transmissions/schedule */
export const ZTransmissionSchedule = z.object({
  anchorDate: z.iso.date(),
  intervalDays: z.number().int(),
  time: z.string().describe('HH:MM, wall-clock time in timeZone'),
  timeZone: z.literal('Europe/Brussels'),
  nextRunAt: z.iso.datetime(),
  lastRunAt: z.iso.datetime().nullable().describe('When the latest scheduled batch was built'),
  autoDispatch: z.boolean(),
});
export type TransmissionSchedule = z.infer<typeof ZTransmissionSchedule>;

export const ZBatch = z.object({
  id: z.uuid(),
  runNumber: z.number().int().describe('Gapless: 1, 2, 3… across all kinds'),
  kind: z.enum(BATCH_KINDS),
  period: z.string().describe('The fortnight, local dates in Europe/Brussels: 2025-10-27/2025-11-10'),
  /** The scheduled slot (ISO 8601, UTC) of a scheduled batch; null for urgent and manual ones. */
  slot: z.iso.datetime().nullable(),
  cutOff: z.iso.datetime().describe('Licences submitted after this are not in the batch'),
  late: z.boolean().describe('Built by catch-up after its slot had passed'),
  status: z.enum(BATCH_STATUSES),
  createdAt: z.iso.datetime(),
  dispatchedAt: z.iso.datetime().nullable(),
  itemCount: z.number().int().describe('Licences in the file (excluded ones not counted)'),
  excludedCount: z.number().int(),
  fileSha256: z.string().nullable().describe('SHA-256 (hex) of the CSV file'),
  dispatch: z.object({
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    messageId: z.string().nullable(),
    sentAt: z.iso
      .datetime()
      .nullable()
      .describe('When the SMTP server accepted the e-mail; after that only the record is retried'),
  }),
});
export type Batch = z.infer<typeof ZBatch>;

const limit = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(500, 'must be at most 500');

/** GET /transmissions/batches query string. */
export const ZBatchListQuery = z.strictObject({
  limit: limit.default(50),
  cursor: z.string().max(500).optional(),
});
export type BatchListQuery = z.infer<typeof ZBatchListQuery>;

export const ZBatchList = z.object({ items: z.array(ZBatch), nextCursor: z.string().nullable() });

/** POST /transmissions/batches: build a batch now; `urgentOnly` for urgent licences not sent in 7 days. */
export const ZBatchRequest = z.strictObject({ urgentOnly: z.boolean().default(false) });
export type BatchRequest = z.infer<typeof ZBatchRequest>;

export const ZBatchItem = z.object({
  licenceId: z.uuid(),
  licenceNumber: z.string(),
  submissionDate: z.iso.date(),
  excluded: z.boolean(),
  exclusionReason: z.string().nullable(),
});
export type BatchItem = z.infer<typeof ZBatchItem>;

/** GET /transmissions/batches/{id}/items query string: in file order (licence number). */
export const ZBatchItemsQuery = z.strictObject({
  limit: limit.default(100),
  cursor: z.string().max(500).optional(),
});
export type BatchItemsQuery = z.infer<typeof ZBatchItemsQuery>;

export const ZBatchItemPage = z.object({ items: z.array(ZBatchItem), nextCursor: z.string().nullable() });

/** POST /transmissions/batches/{id}/items/{licenceId}/exclude */
export const ZBatchExclusion = z.strictObject({
  reason: text().trim().min(3, 'must have at least 3 characters').max(500),
});
export type BatchExclusion = z.infer<typeof ZBatchExclusion>;

/** GET /transmissions/batches/{id}/file query string. */
export const ZBatchFileQuery = z.strictObject({ format: z.enum(BATCH_FILE_FORMATS).default('csv') });

/* ---- Feedback from Chinese authorities (MOFCOM) ---- */

/** A feedback file's columns: the header row is exactly these (any case, cells trimmed). */
export const FEEDBACK_FILE_COLUMNS = ['licence_number', 'status', 'date'] as const;

/** How a feedback submission arrived. */
export const FEEDBACK_SOURCES = ['json', 'csv', 'xlsx'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

/**
 * What became of a row: matched (the company is asked to confirm), unmatched (no licence has that
 * number), invalid (the reason names the column), unchanged (the licence already has that status,
 * or the same row was received before: nothing is sent again).
 */
export const FEEDBACK_OUTCOMES = ['matched', 'unmatched', 'invalid', 'unchanged'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** At most this many rows per submission (JSON or file); more: split them. */
export const FEEDBACK_MAX_ROWS = 10_000;

/** One row of POST /transmissions/feedback as JSON. A row that breaks a rule is reported invalid. */
export const ZFeedbackRowInput = z.strictObject({
  licenceNumber: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .refine((n) => !n.includes('\u0000'), 'must not contain NUL characters')
    .refine(isWellFormed, 'must be valid Unicode text (a lone surrogate is not a character)')
    .trim()
    // A spreadsheet's text marker: a number that starts like a formula comes back as '-CN-….
    .overwrite((n) => (/^'[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(n) ? n.slice(1) : n))
    .min(1, 'is required')
    .max(100, 'must have at most 100 characters'),
  status: z.enum(LICENCE_STATUSES, { error: `must be one of ${LICENCE_STATUSES.join(', ')}` }),
  /** The date of the decision or state MOFCOM reports; empty or null when it gives none. */
  date: z
    .union([isoDate(), z.literal('')], { error: 'must be a date YYYY-MM-DD, or empty' })
    .nullable()
    .optional(),
});
export type FeedbackRowInput = z.infer<typeof ZFeedbackRowInput>;

/** POST /transmissions/feedback as JSON (a file is sent as text/csv or XLSX instead). */
export const ZFeedbackRows = z.strictObject({
  rows: z.array(ZFeedbackRowInput).min(1).max(FEEDBACK_MAX_ROWS),
});
export type FeedbackRows = z.infer<typeof ZFeedbackRows>;

export const ZFeedbackRowReport = z.object({
  row: z.number().int().describe('The file line or worksheet row (header = 1); for JSON, index + 1'),
  licenceNumber: z.string().nullable().describe('As given'),
  status: z.string().nullable().describe('As given (a valid one in lower case)'),
  date: z.string().nullable(),
  outcome: z.enum(FEEDBACK_OUTCOMES),
  reason: z.string().nullable().describe('Why a row is invalid (naming the column), unmatched or unchanged'),
  licenceId: z.uuid().nullable().describe('The licence the number matched'),
});
export type FeedbackRowReport = z.infer<typeof ZFeedbackRowReport>;

export const ZFeedbackCounts = z.object(
  Object.fromEntries(FEEDBACK_OUTCOMES.map((o) => [o, z.number().int()])) as Record<
    FeedbackOutcome,
    z.ZodNumber
  >,
);

/** The answer to POST /transmissions/feedback, and one item of GET /transmissions/feedback. */
export const ZFeedbackSubmission = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime(),
  receivedBy: z.object({ id: z.string(), name: z.string() }),
  source: z.enum(FEEDBACK_SOURCES),
  sha256: z.string().describe('SHA-256 (hex) of the file; for JSON, of the rows as parsed'),
  rowCount: z.number().int(),
  counts: ZFeedbackCounts,
  rows: z.array(ZFeedbackRowReport),
});
export type FeedbackSubmission = z.infer<typeof ZFeedbackSubmission>;

/** GET /transmissions/feedback query string: submissions newest first, each with its rows. */
export const ZFeedbackListQuery = z.strictObject({
  limit: limit.max(50, 'must be at most 50').default(10),
  cursor: z.string().max(500).optional(),
});
export type FeedbackListQuery = z.infer<typeof ZFeedbackListQuery>;

export const ZFeedbackList = z.object({
  items: z.array(ZFeedbackSubmission),
  nextCursor: z.string().nullable(),
});

/** MOFCOM reported one status, the company confirmed another (from IndustryConfirmationRecorded). */
export const ZDiscrepancy = z.object({
  id: z.uuid(),
  licenceId: z.uuid(),
  companyId: z.uuid(),
  licenceNumber: z.string(),
  reportedStatus: z.enum(LICENCE_STATUSES).describe('What MOFCOM reported'),
  reportedDate: z.iso.date().nullable().describe('The date MOFCOM gave with it'),
  confirmedStatus: z.enum(LICENCE_STATUSES).describe('What the company says'),
  comment: z.string().nullable().describe("The company's comment"),
  confirmationId: z.uuid(),
  recordedAt: z.iso.datetime().describe('When the company answered'),
});
export type Discrepancy = z.infer<typeof ZDiscrepancy>;

/** GET /transmissions/discrepancies query string: newest first. */
export const ZDiscrepancyListQuery = z.strictObject({
  limit: limit.default(50),
  cursor: z.string().max(500).optional(),
});
export type DiscrepancyListQuery = z.infer<typeof ZDiscrepancyListQuery>;

export const ZDiscrepancyList = z.object({ items: z.array(ZDiscrepancy), nextCursor: z.string().nullable() });
