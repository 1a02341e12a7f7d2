import { z } from 'zod';
import { isoDate } from './fields';
import { ELEMENTS, EU_MEMBER_STATES, LICENCE_STATUSES, LICENCE_TYPES, SECTORS } from './reference-data';

/**
 * The reporting service's API (Commission only): the dashboard's figures, built from events.
 *
 * Words used in the descriptions: a licence is *decided* when its status is granted or refused,
 * *open* when it is pending or processing; `pending` in the exporter table and `urgentPending`
 * count open licences (the product's "pending until the operator says otherwise"), and `byStatus`
 * keeps pending and processing apart. Days to decision = decisionDate − applicationDate.
 */

export const REPORT_DIMENSIONS = [
  'sector',
  'memberState',
  'sme',
  'element',
  'exporter',
  'licenceType',
  'productType',
  'customsStatus',
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** Shareable statistics name no company, exporter or licence: no `exporter` dimension. */
export const SHAREABLE_DIMENSIONS = REPORT_DIMENSIONS.filter(
  (d): d is Exclude<ReportDimension, 'exporter'> => d !== 'exporter',
);
export type ShareableDimension = (typeof SHAREABLE_DIMENSIONS)[number];

export const REPORT_INTERVALS = ['week', 'month'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

export const REPORT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;

/** A shareable cell counting fewer licences than this is suppressed. */
export const SHAREABLE_MIN_CELL = 5;

const boolParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');

const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .default(fallback);

/** The filters every report takes; `from` and `to` are submission dates (Europe/Brussels), inclusive. */
export const REPORT_FILTERS = {
  from: isoDate().optional(),
  to: isoDate().optional(),
  sector: z.enum(SECTORS).optional(),
  memberState: z.enum(EU_MEMBER_STATES).optional(),
  element: z.enum(ELEMENTS).optional(),
  licenceType: z.enum(LICENCE_TYPES).optional(),
  urgent: boolParam.optional(),
  sme: boolParam.optional(),
};

const fromNotAfterTo = (q: { from?: unknown; to?: unknown }) =>
  typeof q.from !== 'string' || typeof q.to !== 'string' || q.from <= q.to;
const withFilters = <S extends z.ZodRawShape>(shape: S) =>
  z
    .strictObject({ ...REPORT_FILTERS, ...shape })
    .refine(fromNotAfterTo, { path: ['to'], message: 'must not be before from' });

export const ZReportFilterQuery = withFilters({});
export type ReportFilters = z.infer<typeof ZReportFilterQuery>;

export const ZBreakdownQuery = withFilters({
  by: z.enum(REPORT_DIMENSIONS, { error: `must be one of ${REPORT_DIMENSIONS.join(', ')}` }),
});
export const ZTimelineQuery = withFilters({
  interval: z.enum(REPORT_INTERVALS, { error: 'must be week or month' }).default('month'),
});
export const ZExportersQuery = withFilters({ limit: limit(1000, 100) });
export const ZStaleQuery = withFilters({
  days: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(365, 'must be at most 365')
    .default(14),
  limit: limit(1000, 100),
});
export const ZDiscrepancyReportQuery = withFilters({ limit: limit(1000, 100) });
export const ZShareableQuery = withFilters({
  by: z.enum(SHAREABLE_DIMENSIONS, { error: `must be one of ${SHAREABLE_DIMENSIONS.join(', ')}` }).optional(),
  interval: z.enum(REPORT_INTERVALS, { error: 'must be week or month' }).optional(),
});
export const ZReportExportQuery = withFilters({
  format: z.enum(REPORT_EXPORT_FORMATS, { error: 'must be csv or xlsx' }).default('csv'),
});

const count = z.number().int();
const byStatus = z.object(
  Object.fromEntries(LICENCE_STATUSES.map((s) => [s, count])) as Record<
    (typeof LICENCE_STATUSES)[number],
    typeof count
  >,
);

/** The figures of a set of licences: the whole summary, one licence type, one breakdown row. */
export const ZReportFigures = z.object({
  total: count,
  byStatus,
  approvalRate: z.number().nullable().describe('granted / (granted + refused); null when none is decided'),
  urgentPending: count.describe('Urgent and open (pending or processing)'),
  stalePending: count.describe('Open, transmitted to MOFCOM at least once, and no status change for 14 days'),
  medianDaysToDecision: z.number().nullable().describe('Over decided licences; null when none'),
  p90DaysToDecision: z.number().nullable(),
  transmittedAtLeastOnce: count,
  generalLicences: count.describe('Of total, general (year-long) licences; the rest are individual'),
});
export type ReportFigures = z.infer<typeof ZReportFigures>;

/** GET /reports/summary: the figures of all licences, and the same for each licence type apart. */
export const ZReportSummary = ZReportFigures.extend({
  lastBatchAt: z.iso.datetime().nullable().describe('The latest MOFCOM batch dispatched (not filtered)'),
  byLicenceType: z
    .object({ individual: ZReportFigures, general: ZReportFigures })
    .describe('General and individual licences reported separately'),
});
export type ReportSummary = z.infer<typeof ZReportSummary>;

export const ZBreakdownRow = ZReportFigures.extend({
  key: z
    .string()
    .nullable()
    .describe('The value (sme: "true"/"false"); null: not known yet (the company event has not arrived)'),
});
/** GET /reports/breakdown: a licence with three elements counts once under each (by=element). */
export const ZBreakdown = z.object({ by: z.enum(REPORT_DIMENSIONS), rows: z.array(ZBreakdownRow) });
export type Breakdown = z.infer<typeof ZBreakdown>;

export const ZTimelineRow = z.object({
  period: z.iso.date().describe('First day of the period (weeks start on Monday), Europe/Brussels'),
  submitted: count,
  decided: count.describe('Granted or refused with a decision date in the period'),
  granted: count,
  refused: count,
  pendingAtEnd: count.describe('Submitted by the end of the period and not decided by then'),
});
export const ZTimeline = z.object({ interval: z.enum(REPORT_INTERVALS), rows: z.array(ZTimelineRow) });
export type Timeline = z.infer<typeof ZTimeline>;

export const ZExporterRow = z.object({
  exporter: z.string(),
  creditCode: z.string().nullable().describe('Unified social credit code, when known'),
  licences: count,
  pending: count.describe('Open: pending or processing'),
  granted: count,
  refused: count,
  approvalRate: z.number().nullable(),
  medianDaysToDecision: z.number().nullable(),
  generalLicences: count,
});
/** GET /reports/exporters: the Chinese exporters, most licences first. */
export const ZExporterReport = z.object({ items: z.array(ZExporterRow) });

export const ZStaleLicence = z.object({
  licenceId: z.uuid(),
  licenceNumber: z.string(),
  companyId: z.uuid(),
  companyName: z.string().nullable(),
  memberState: z.string().nullable(),
  exporter: z.string(),
  licenceType: z.enum(LICENCE_TYPES),
  urgent: z.boolean(),
  status: z.enum(LICENCE_STATUSES),
  submittedAt: z.iso.datetime(),
  statusChangedAt: z.iso.datetime(),
  daysSinceStatusChange: count,
  transmissionCount: count,
  lastTransmittedAt: z.iso.datetime(),
});
/** GET /reports/stale: open licences, transmitted, status unchanged for `days`; oldest change first. */
export const ZStaleReport = z.object({ days: count, total: count, items: z.array(ZStaleLicence) });

export const ZReportDiscrepancy = z.object({
  licenceId: z.uuid(),
  licenceNumber: z.string(),
  companyId: z.uuid(),
  companyName: z.string().nullable(),
  status: z.enum(LICENCE_STATUSES).describe('The licence status now'),
  reportedStatus: z.enum(LICENCE_STATUSES).describe('What Chinese authorities reported'),
  reportedDate: z.iso.date().nullable(),
  confirmedStatus: z.enum(LICENCE_STATUSES).describe("The company's answer"),
  comment: z.string().nullable(),
  recordedAt: z.iso.datetime(),
});
/** GET /reports/discrepancies: each licence whose latest confirmation differs from the report; newest first. */
export const ZDiscrepancyReport = z.object({ total: count, items: z.array(ZReportDiscrepancy) });

export const ZShareableCell = z.object({
  value: z.number().nullable().describe('null when suppressed'),
  suppressed: z.boolean(),
});
export const ZShareableRow = z.object({
  period: z.iso.date().nullable().describe('First day of the submission period; null without interval'),
  key: z.string().nullable().describe('The dimension value; null without by (or not known yet)'),
  total: ZShareableCell,
  pending: ZShareableCell.describe('Open: pending or processing'),
  granted: ZShareableCell,
  refused: ZShareableCell,
  approvalRate: ZShareableCell.describe('Suppressed when granted or refused is'),
});
/**
 * GET /reports/shareable: aggregates fit to share outside the Commission. No company, exporter or
 * licence identity; rows by submission period and/or one dimension. Suppression: a count under
 * SHAREABLE_MIN_CELL (zero included) is `null` with `suppressed: true`; when that leaves exactly one
 * of pending/granted/refused suppressed in a row whose total shows, the smallest other one is
 * suppressed too (it could otherwise be recomputed from the total); the approval rate is suppressed
 * when granted or refused is.
 */
export const ZShareableReport = z.object({
  by: z.enum(SHAREABLE_DIMENSIONS).nullable(),
  interval: z.enum(REPORT_INTERVALS).nullable(),
  minimumCell: z.literal(SHAREABLE_MIN_CELL),
  rows: z.array(ZShareableRow),
});
export type ShareableReport = z.infer<typeof ZShareableReport>;
export type ShareableRow = z.infer<typeof ZShareableRow>;

/** The export's columns, in order: a licence with its company's data. */
export const REPORT_EXPORT_COLUMNS = [
  'licence_id',
  'licence_number',
  'licence_type',
  'valid_from',
  'valid_to',
  'application_date',
  'submitted_at',
  'exporter_name',
  'exporter_credit_code',
  'sector',
  'elements',
  'product_type',
  'quantity_kg',
  'value_eur',
  'urgent',
  'status',
  'decision_date',
  'days_to_decision',
  'customs_status',
  'source',
  'transmission_count',
  'last_transmitted_at',
  'company_id',
  'company_name',
  'company_eori',
  'company_country',
  'member_state',
  'sme',
  'company_sector',
] as const;
