import { z } from 'zod';

/**
 * The EU Survey migration (issue 11; docs/eusurvey-migration.md): the Commission migrates the
 * questionnaire's export (June to 10 October 2025) into the platform, dry run first.
 */

/** The query of POST /migrations/eusurvey. Strict, so a misspelt `?dryrun=true` is refused, never run for real. */
export const ZEusurveyMigrationQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

/**
 * POST /migrations/eusurvey as JSON: the export's rows, each keyed by the same column names as
 * the CSV/XLSX header (docs/eusurvey-migration.md, "Columns").
 */
export const ZEusurveyMigrationJson = z.strictObject({
  fileName: z.string().trim().max(200).optional(),
  rows: z
    .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
    .min(1, 'must hold at least one row'),
});
export type EusurveyMigrationJson = z.infer<typeof ZEusurveyMigrationJson>;

export const EUSURVEY_ROW_OUTCOMES = [
  /** Real run: the licence was created (and, when needed, its company and user). */
  'created',
  /** Dry run: the row would be created. */
  'would-create',
  /** An earlier row of the file has the same licence number: reported, never merged. */
  'duplicate-in-file',
  /** The number is registered on the platform (not by this migration for this respondent). */
  'duplicate-on-platform',
  /** A previous run migrated this row (same respondent and number): a re-run changes nothing. */
  'already-migrated',
  /** The row breaks a rule: see `errors`. */
  'invalid',
] as const;
export type EusurveyRowOutcome = (typeof EUSURVEY_ROW_OUTCOMES)[number];

const ZFieldErrors = z.array(z.object({ field: z.string(), message: z.string() }));

export const ZEusurveyRowReport = z.object({
  /** The row as the user sees it: the spreadsheet row, or the line the row starts on in the CSV. */
  row: z.number().int(),
  respondentEmail: z.string().nullable(),
  licenceNumber: z.string().nullable(),
  outcome: z.enum(EUSURVEY_ROW_OUTCOMES),
  /** The licence: created now, or by the run that migrated the row. */
  licenceId: z.uuid().optional(),
  /** The company the licence is (or would be) in. */
  company: z
    .object({
      eori: z.string(),
      id: z.uuid().nullable(),
      outcome: z.enum(['created', 'would-create', 'found']),
    })
    .optional(),
  /** The respondent's platform user. */
  user: z
    .object({
      id: z.uuid().nullable(),
      outcome: z.enum(['provisioned', 'would-provision', 'existing']),
    })
    .optional(),
  /** For duplicates and invalid rows: what is wrong, by column. */
  errors: ZFieldErrors.optional(),
});
export type EusurveyRowReport = z.infer<typeof ZEusurveyRowReport>;

export const ZEusurveyTotals = z.object({
  rows: z.number().int(),
  respondents: z.number().int(),
  /** Per outcome: how many rows. */
  outcomes: z.record(z.enum(EUSURVEY_ROW_OUTCOMES), z.number().int()),
  companies: z.object({ created: z.number().int(), found: z.number().int() }),
  users: z.object({ provisioned: z.number().int(), existing: z.number().int() }),
  /** Licences created (a dry run: that would be created). */
  licences: z.number().int(),
});
export type EusurveyTotals = z.infer<typeof ZEusurveyTotals>;

/** POST /migrations/eusurvey answer. */
export const ZEusurveyMigrationReport = z.object({
  dryRun: z.boolean(),
  /** The run recorded by a real run that wrote something; null for a dry run or a run that changed nothing. */
  runId: z.uuid().nullable(),
  fileSha256: z.string(),
  totals: ZEusurveyTotals,
  rows: z.array(ZEusurveyRowReport),
});
export type EusurveyMigrationReport = z.infer<typeof ZEusurveyMigrationReport>;

/** One entry of GET /migrations/eusurvey, newest first. */
export const ZEusurveyMigrationRun = z.object({
  id: z.uuid(),
  fileSha256: z.string(),
  fileName: z.string().nullable(),
  format: z.enum(['csv', 'xlsx', 'json']),
  runBy: z.object({ id: z.string(), name: z.string() }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  totals: ZEusurveyTotals,
});
export type EusurveyMigrationRun = z.infer<typeof ZEusurveyMigrationRun>;

/** GET /migrations/eusurvey/unreviewed: per company, the migrated licences not yet checked. */
export const ZUnreviewedByCompany = z.object({
  companyId: z.uuid(),
  name: z.string(),
  eori: z.string(),
  memberState: z.string(),
  migrated: z.number().int(),
  unreviewed: z.number().int(),
});
export type UnreviewedByCompany = z.infer<typeof ZUnreviewedByCompany>;

export const ZEusurveyMigrationOverview = z.object({
  runs: z.array(ZEusurveyMigrationRun),
  /** Migrated licences still flagged, all companies. */
  unreviewed: z.number().int(),
  /** Pre-provisioned respondents not yet signed in. */
  unboundUsers: z.number().int(),
});
export type EusurveyMigrationOverview = z.infer<typeof ZEusurveyMigrationOverview>;
