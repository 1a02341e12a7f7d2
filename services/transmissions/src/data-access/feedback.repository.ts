import type { FeedbackSubmission } from '@lmp/contracts';
import type {
  EarlierFeedback,
  FeedbackLicence,
  FeedbackRowRecord,
  NewSubmission,
  SubmissionKeyset,
} from '../domain/feedback/feedback.types';
import type { Queryable } from './database';

/**
 * Feedback intake one submission at a time (a transaction-scoped advisory lock): a row's "received
 * before" check then sees every submission committed before it, so two uploads of the same file at
 * once publish each fact once. Submissions are rare and small, so nothing waits long.
 */
export async function lockFeedbackIntake(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('transmissions.feedback-intake'))`);
}

/** The projection's licences with these normalised numbers (several per number only if the projection has them). */
export async function findLicencesByNumbers(db: Queryable, numbers: string[]): Promise<FeedbackLicence[]> {
  if (numbers.length === 0) return [];
  const { rows } = await db.query<{
    id: string;
    licence_number: string;
    number_normalised: string;
    status: FeedbackLicence['status'];
  }>(
    `SELECT id, licence_number, number_normalised, status FROM licences WHERE number_normalised = ANY($1::text[])`,
    [numbers],
  );
  return rows.map((r) => ({
    id: r.id,
    licenceNumber: r.licence_number,
    numberNormalised: r.number_normalised,
    status: r.status,
  }));
}

/** Matched rows received before with any of these keys. */
export async function findEarlierFeedback(db: Queryable, keys: string[]): Promise<EarlierFeedback[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{
    feedback_key: string;
    submission_id: string;
    row_number: number;
    received_at: Date;
  }>(
    `SELECT r.feedback_key, r.submission_id, r.row_number, s.received_at
       FROM feedback_rows r JOIN feedback_submissions s ON s.id = r.submission_id
      WHERE r.feedback_key = ANY($1::text[])`,
    [keys],
  );
  return rows.map((r) => ({
    feedbackKey: r.feedback_key,
    submissionId: r.submission_id,
    row: r.row_number,
    receivedAt: r.received_at.toISOString(),
  }));
}

export async function insertSubmission(
  tx: Queryable,
  s: NewSubmission,
  rows: FeedbackRowRecord[],
): Promise<void> {
  await tx.query(
    `INSERT INTO feedback_submissions (id, received_at, received_by, received_by_name, source, sha256, row_count,
       matched_count, unmatched_count, invalid_count, unchanged_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      s.id,
      s.receivedAt,
      s.receivedBy.id,
      s.receivedBy.name,
      s.source,
      s.sha256,
      s.rowCount,
      s.counts.matched,
      s.counts.unmatched,
      s.counts.invalid,
      s.counts.unchanged,
    ],
  );
  // One statement for all rows (at most FEEDBACK_MAX_ROWS), column by column.
  const column = <K extends keyof FeedbackRowRecord>(key: K) => rows.map((r) => r[key]);
  await tx.query(
    `INSERT INTO feedback_rows (submission_id, row_number, licence_number, number_normalised, status, date, outcome,
       reason, licence_id, feedback_key, event_id)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::"FeedbackOutcome"[],
       $8::text[], $9::uuid[], $10::text[], $11::uuid[])`,
    [
      s.id,
      column('row'),
      column('licenceNumber'),
      column('numberNormalised'),
      column('status'),
      column('date'),
      column('outcome'),
      column('reason'),
      column('licenceId'),
      column('feedbackKey'),
      column('eventId'),
    ],
  );
}

interface SubmissionRow {
  id: string;
  received_at: Date;
  received_by: string;
  received_by_name: string;
  source: FeedbackSubmission['source'];
  sha256: string;
  row_count: number;
  matched_count: number;
  unmatched_count: number;
  invalid_count: number;
  unchanged_count: number;
}

interface ReportRow {
  submission_id: string;
  row_number: number;
  licence_number: string | null;
  status: string | null;
  date: string | null;
  outcome: FeedbackSubmission['rows'][number]['outcome'];
  reason: string | null;
  licence_id: string | null;
}

const MAX_REPORT_ROWS_PER_PAGE = 10_000;

/** Submissions newest first in keyset pages, each with its rows in row order. */
export async function listSubmissions(
  db: Queryable,
  after: SubmissionKeyset | undefined,
  limit: number,
): Promise<{ submissions: FeedbackSubmission[]; next: SubmissionKeyset | undefined }> {
  const params: unknown[] = [limit + 1];
  let where = '';
  if (after) {
    params.push(after.receivedAt, after.id);
    where = 'WHERE (received_at, id) < ($2::timestamptz, $3::uuid)';
  }
  const { rows } = await db.query<SubmissionRow>(
    `SELECT id, received_at, received_by, received_by_name, source, sha256, row_count,
            matched_count, unmatched_count, invalid_count, unchanged_count
       FROM feedback_submissions ${where} ORDER BY received_at DESC, id DESC LIMIT $1`,
    params,
  );
  // At most one submission's worth of rows per page (10,000) beyond the first submission, so a
  // page of large files cannot be loaded into memory all at once: the rest comes with the cursor.
  const page: SubmissionRow[] = [];
  let rowsInPage = 0;
  for (const submission of rows.slice(0, limit)) {
    if (page.length > 0 && rowsInPage + submission.row_count > MAX_REPORT_ROWS_PER_PAGE) break;
    page.push(submission);
    rowsInPage += submission.row_count;
  }
  const reportRows = page.length
    ? (
        await db.query<ReportRow>(
          `SELECT submission_id, row_number, licence_number, status, date, outcome, reason, licence_id
             FROM feedback_rows WHERE submission_id = ANY($1::uuid[]) ORDER BY submission_id, row_number`,
          [page.map((s) => s.id)],
        )
      ).rows
    : [];
  const bySubmission = new Map<string, ReportRow[]>();
  for (const r of reportRows) {
    const list = bySubmission.get(r.submission_id);
    if (list) list.push(r);
    else bySubmission.set(r.submission_id, [r]);
  }
  const submissions = page.map((s) => toSubmission(s, bySubmission.get(s.id) ?? []));
  const last = page.at(-1);
  return {
    submissions,
    next:
      rows.length > page.length && last
        ? { receivedAt: last.received_at.toISOString(), id: last.id }
        : undefined,
  };
}

function toSubmission(s: SubmissionRow, rows: ReportRow[]): FeedbackSubmission {
  return {
    id: s.id,
    receivedAt: s.received_at.toISOString(),
    receivedBy: { id: s.received_by, name: s.received_by_name },
    source: s.source,
    sha256: s.sha256,
    rowCount: s.row_count,
    counts: {
      matched: s.matched_count,
      unmatched: s.unmatched_count,
      invalid: s.invalid_count,
      unchanged: s.unchanged_count,
    },
    rows: rows.map((r) => ({
      row: r.row_number,
      licenceNumber: r.licence_number,
      status: r.status,
      date: r.date,
      outcome: r.outcome,
      reason: r.reason,
      licenceId: r.licence_id,
    })),
  };
}

/** The date MOFCOM gave with its latest matched report of this status for the licence (null: none, or no date). */
export async function reportedDateOf(
  db: Queryable,
  licenceId: string,
  status: string,
): Promise<string | null> {
  const { rows } = await db.query<{ date: string | null }>(
    `SELECT r.date FROM feedback_rows r JOIN feedback_submissions s ON s.id = r.submission_id
      WHERE r.licence_id = $1 AND r.outcome = 'matched' AND r.status = $2
      ORDER BY s.received_at DESC, r.row_number DESC LIMIT 1`,
    [licenceId, status],
  );
  return rows[0]?.date ?? null;
}
