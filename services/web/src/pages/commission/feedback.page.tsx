import type { FeedbackRowReport, FeedbackSubmission } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatInstant } from '../../components/format';
import { FileUpload } from '../../components/form-fields';
import { KeyFigures } from '../../components/key-figures';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Table, type Column } from '../../components/table';
import { fieldErrorsOf, render, type PageContext, type PageResult } from '../../app/page';
import { hrefWith } from './hrefs';

const PATH = '/commission/feedback';
const FILE_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

interface FeedbackList {
  items: FeedbackSubmission[];
  nextCursor: string | null;
}

const OUTCOME_LABEL: Record<string, string> = {
  matched: 'Matched: the company is asked to confirm',
  unmatched: 'No licence has this number',
  invalid: 'Invalid',
  unchanged: 'Unchanged',
};

const rowColumns: Column<FeedbackRowReport>[] = [
  { key: 'row', header: 'Row', numeric: true, cell: (r) => r.row },
  { key: 'licenceNumber', header: 'Licence number', cell: (r) => r.licenceNumber ?? '–' },
  { key: 'status', header: 'Status reported', cell: (r) => r.status ?? '–' },
  { key: 'date', header: 'Date', cell: (r) => r.date ?? '–' },
  { key: 'outcome', header: 'Outcome', cell: (r) => OUTCOME_LABEL[r.outcome] ?? r.outcome },
  { key: 'reason', header: 'Why', cell: (r) => r.reason ?? '' },
];

function SubmissionReport({ submission, open }: { submission: FeedbackSubmission; open?: boolean }) {
  const { counts } = submission;
  return (
    <>
      <KeyFigures
        label={`Outcome of the ${formatCount(submission.rowCount)} rows`}
        columns={4}
        figures={[
          { key: 'matched', title: 'Matched', value: formatCount(counts.matched) },
          { key: 'unmatched', title: 'Unmatched', value: formatCount(counts.unmatched) },
          { key: 'invalid', title: 'Invalid', value: formatCount(counts.invalid) },
          { key: 'unchanged', title: 'Unchanged', value: formatCount(counts.unchanged) },
        ]}
      />
      <details class="lmp-chart__data" open={open}>
        <summary class="lmp-chart__toggle">Every row ({formatCount(submission.rows.length)})</summary>
        <Table
          caption={`Rows of the feedback received ${formatInstant(submission.receivedAt)}`}
          columns={rowColumns}
          rows={submission.rows}
          rowKey={(r) => String(r.row)}
        />
      </details>
    </>
  );
}

/** GET /commission/feedback: upload what MOFCOM reported, and the feedback received so far. */
export function feedbackPage(ctx: PageContext): Promise<PageResult> {
  return feedbackView(ctx);
}

/** POST /commission/feedback (multipart): the file goes to the API as it is; its per-row report is shown. */
export async function uploadFeedbackPage(ctx: PageContext): Promise<PageResult> {
  const file = ctx.files.find((f) => f.field === 'file' && f.data.length > 0);
  if (!file)
    return feedbackView(ctx, { errors: { file: 'Choose the CSV or Excel file MOFCOM sent' }, status: 422 });
  const extension = file.filename.toLowerCase().split('.').pop() ?? '';
  const contentType = FILE_TYPES[extension];
  if (!contentType)
    return feedbackView(ctx, { errors: { file: 'must be a .csv or .xlsx file' }, status: 422 });
  const answer = await ctx.api.postFile<FeedbackSubmission>(
    '/transmissions/feedback',
    file.data,
    contentType,
  );
  if (answer.kind === 'ok') return feedbackView(ctx, { submission: answer.data });
  if (answer.kind === 'unavailable') return feedbackView(ctx, { unavailable: true, status: 503 });
  const errors = fieldErrorsOf(answer.problem);
  const message = Object.values(errors)[0] ?? answer.problem.detail ?? answer.problem.title;
  return feedbackView(ctx, { errors: { file: message }, status: answer.status });
}

interface Outcome {
  submission?: FeedbackSubmission;
  errors?: Record<string, string>;
  unavailable?: boolean;
  status?: number;
}

async function feedbackView(ctx: PageContext, outcome: Outcome = {}): Promise<PageResult> {
  const cursor = ctx.query.cursor;
  const list = await ctx.api.get<FeedbackList>('/transmissions/feedback', { query: { cursor, limit: 10 } });
  const errors = outcome.errors ?? {};
  return render(
    'Feedback from MOFCOM',
    <>
      <PageHeader
        meta="European Commission"
        title="Feedback from MOFCOM"
        description="What Chinese authorities report about the licences they received. Each matched licence's company is asked to confirm it."
      />
      <ErrorSummary errors={errors} labels={{ file: 'File' }} title="The file could not be read" />
      {outcome.unavailable && <UnavailableNotice what="Receiving feedback" />}
      <section class="lmp-section" aria-labelledby="upload-heading">
        <h2 class="lmp-heading" id="upload-heading">
          Upload feedback
        </h2>
        <form method="post" action={PATH} enctype="multipart/form-data" class="lmp-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <FileUpload
            name="file"
            label="File from MOFCOM"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            hint="CSV or Excel, with the columns licence_number, status and date (YYYY-MM-DD, or empty)."
            error={errors.file}
            required
          />
          <Button>Upload and check</Button>
        </form>
      </section>
      {outcome.submission && (
        <section class="lmp-section" aria-labelledby="report-heading">
          <h2 class="lmp-heading" id="report-heading">
            Report on the file
          </h2>
          <Notification
            variant="success"
            title={`${formatCount(outcome.submission.rowCount)} rows received`}
            description={`${formatCount(outcome.submission.counts.matched)} matched a licence.`}
          />
          <SubmissionReport submission={outcome.submission} open />
        </section>
      )}
      <section class="lmp-section" aria-labelledby="received-heading">
        <h2 class="lmp-heading" id="received-heading">
          Feedback received
        </h2>
        {list.kind === 'unavailable' && (
          <UnavailableNotice what="The feedback received" retryAfter={list.retryAfter} />
        )}
        {list.kind === 'problem' && (
          <Notification
            variant="error"
            title="The feedback could not be listed"
            description={list.problem.detail ?? list.problem.title}
          />
        )}
        {list.kind === 'ok' && list.data.items.length === 0 && (
          <p class="lmp-text">No feedback has been received yet.</p>
        )}
        {list.kind === 'ok' &&
          list.data.items.map((submission) => (
            <article
              class="lmp-section"
              aria-label={`Feedback received ${formatInstant(submission.receivedAt)}`}
            >
              <h3 class="lmp-heading">
                {formatInstant(submission.receivedAt)}: {submission.source.toUpperCase()} from{' '}
                {submission.receivedBy.name}
              </h3>
              <SubmissionReport submission={submission} />
            </article>
          ))}
        {list.kind === 'ok' && (
          <Pagination
            previousHref={cursor ? PATH : null}
            previousLabel="Newest"
            nextHref={list.data.nextCursor ? hrefWith(PATH, { cursor: list.data.nextCursor }) : null}
          />
        )}
      </section>
    </>,
    { active: 'feedback', status: outcome.status ?? 200 },
  );
}
