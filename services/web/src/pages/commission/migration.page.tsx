import type { EusurveyMigrationOverview, EusurveyMigrationReport, EusurveyRowReport, UnreviewedByCompany } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatInstant } from '../../components/format';
import { FileUpload } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { fieldErrorsOf, formValue, render, type FieldErrors, type PageContext, type PageResult } from '../../app/page';

const PATH = '/commission/migration';
const FILE_TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const OUTCOME_LABELS: Record<EusurveyRowReport['outcome'], string> = {
  created: 'Created',
  'would-create': 'Would be created',
  'duplicate-in-file': 'Twice in the file',
  'duplicate-on-platform': 'Already on the platform',
  'already-migrated': 'Already migrated',
  invalid: 'Invalid',
};

const rowColumns: Column<EusurveyRowReport>[] = [
  { key: 'row', header: 'Row', rowHeader: true, numeric: true, cell: (r) => String(r.row) },
  { key: 'licenceNumber', header: 'Licence number', cell: (r) => r.licenceNumber ?? '–' },
  { key: 'respondentEmail', header: 'Respondent', cell: (r) => r.respondentEmail ?? '–' },
  { key: 'outcome', header: 'Outcome', cell: (r) => OUTCOME_LABELS[r.outcome] },
  {
    key: 'company',
    header: 'Company',
    cell: (r) => (r.company ? `${r.company.eori} (${r.company.outcome === 'found' ? 'exists' : r.company.outcome === 'created' ? 'created' : 'would be created'})` : '–'),
  },
  { key: 'errors', header: 'What is wrong', cell: (r) => (r.errors?.length ? r.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : '–') },
];

const unreviewedColumns: Column<UnreviewedByCompany>[] = [
  { key: 'name', header: 'Company', rowHeader: true, cell: (c) => `${c.name} (${c.eori})` },
  { key: 'memberState', header: 'Member state', cell: (c) => c.memberState },
  { key: 'migrated', header: 'Migrated licences', numeric: true, cell: (c) => formatCount(c.migrated) },
  { key: 'unreviewed', header: 'Not checked yet', numeric: true, cell: (c) => formatCount(c.unreviewed) },
];

interface Outcome {
  report?: EusurveyMigrationReport;
  errors?: FieldErrors;
  unavailable?: boolean;
  status?: number;
}

/** GET /commission/migration: the EU Survey migration: upload, dry run, run; who has not checked yet. */
export function migrationPage(ctx: PageContext): Promise<PageResult> {
  return migrationView(ctx);
}

/** POST /commission/migration (multipart): "Check the file" (dry run) or "Run the migration". */
export async function runMigrationPage(ctx: PageContext): Promise<PageResult> {
  const file = ctx.files.find((f) => f.field === 'file' && f.data.length > 0);
  if (!file) return migrationView(ctx, { errors: { file: 'Choose the EU Survey export (CSV or XLSX)' }, status: 422 });
  const contentType = FILE_TYPES[file.filename.toLowerCase().split('.').pop() ?? ''];
  if (!contentType) return migrationView(ctx, { errors: { file: 'must be a .csv or .xlsx file' }, status: 422 });
  const dryRun = formValue(ctx.form, 'action') !== 'run';
  const answer = await ctx.api.postFile<EusurveyMigrationReport>('/migrations/eusurvey', file.data, contentType, {
    query: { dryRun: String(dryRun) },
    headers: { 'x-file-name': file.filename.replace(/[^\x20-\x7e]/g, '_') },
  });
  if (answer.kind === 'ok') return migrationView(ctx, { report: answer.data });
  if (answer.kind === 'unavailable') return migrationView(ctx, { unavailable: true, status: 503 });
  const errors = fieldErrorsOf(answer.problem);
  return migrationView(ctx, { errors: { file: Object.values(errors)[0] ?? answer.problem.detail ?? answer.problem.title }, status: answer.status });
}

async function migrationView(ctx: PageContext, outcome: Outcome = {}): Promise<PageResult> {
  const [overview, unreviewed] = await Promise.all([
    ctx.api.get<EusurveyMigrationOverview>('/migrations/eusurvey'),
    ctx.api.get<{ items: UnreviewedByCompany[]; unreviewed: number; companies: number }>('/migrations/eusurvey/unreviewed'),
  ]);
  const report = outcome.report;
  const errors = outcome.errors ?? {};
  return render(
    'EU Survey migration',
    <>
      <PageHeader
        meta="European Commission"
        title="EU Survey migration"
        description="Bring the questionnaire’s answers (June to 10 October 2025) onto the platform: check the export first, then run it. A re-run changes nothing already migrated."
      />
      {outcome.unavailable && <UnavailableNotice what="The migration" />}
      {report && (
        <section class="lmp-section" aria-labelledby="report-heading" data-report={report.dryRun ? 'dry-run' : 'run'}>
          <Notification
            variant={report.dryRun ? 'info' : 'success'}
            title={
              report.dryRun
                ? `Checked: ${formatCount(report.totals.licences)} licences would be created. Nothing is written yet.`
                : `Migrated: ${formatCount(report.totals.licences)} licences created.`
            }
            description={`${formatCount(report.totals.rows)} rows from ${formatCount(report.totals.respondents)} respondents; companies ${report.dryRun ? 'to create' : 'created'}: ${formatCount(report.totals.companies.created)}, found: ${formatCount(report.totals.companies.found)}; users ${report.dryRun ? 'to provision' : 'provisioned'}: ${formatCount(report.totals.users.provisioned)}.`}
          />
          <h2 class="ecl-u-type-heading-2" id="report-heading">
            {report.dryRun ? 'What each row would become' : 'What each row became'}
          </h2>
          <Table caption="The report, row by row" captionHidden columns={rowColumns} rows={report.rows} rowKey={(r) => String(r.row)} />
        </section>
      )}
      <section class="lmp-section" aria-labelledby="upload-heading">
        <h2 class="ecl-u-type-heading-2" id="upload-heading">
          {report?.dryRun ? 'Run it' : 'Upload the export'}
        </h2>
        <ErrorSummary errors={errors} labels={{ file: 'EU Survey export' }} title="The file could not be migrated" />
        <form method="post" action={PATH} enctype="multipart/form-data" class="lmp-form" noValidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <FileUpload
            name="file"
            label="EU Survey export"
            hint={
              report?.dryRun
                ? 'Choose the same file again and run the migration.'
                : 'The CSV or XLSX export, one row per licence (docs/eusurvey-migration.md lists the columns).'
            }
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            error={errors.file}
          />
          <div class="lmp-actions">
            <Button name="action" value="check" variant={report?.dryRun ? 'secondary' : 'primary'}>
              Check the file (dry run)
            </Button>
            <Button name="action" value="run" variant={report?.dryRun ? 'primary' : 'secondary'}>
              Run the migration
            </Button>
          </div>
        </form>
      </section>
      <section class="lmp-section" aria-labelledby="unreviewed-heading">
        <h2 class="ecl-u-type-heading-2" id="unreviewed-heading">
          Not checked by their company yet
        </h2>
        {unreviewed.kind === 'ok' ? (
          <>
            <p class="ecl-u-type-paragraph">
              {formatCount(unreviewed.data.unreviewed)} migrated licences in {formatCount(unreviewed.data.companies)} companies still ask to be
              checked.
              {overview.kind === 'ok' && ` ${formatCount(overview.data.unboundUsers)} respondents have not signed in yet.`}
            </p>
            <Table caption="Migrated licences per company" captionHidden columns={unreviewedColumns} rows={unreviewed.data.items} rowKey={(c) => c.companyId} empty="Nothing migrated yet." />
          </>
        ) : (
          <UnavailableNotice what="The overview" retryAfter={unreviewed.kind === 'unavailable' ? unreviewed.retryAfter : null} />
        )}
      </section>
      {overview.kind === 'ok' && overview.data.runs.length > 0 && (
        <section class="lmp-section" aria-labelledby="runs-heading">
          <h2 class="ecl-u-type-heading-2" id="runs-heading">
            Runs
          </h2>
          <ul class="ecl-unordered-list">
            {overview.data.runs.map((run) => (
              <li class="ecl-unordered-list__item">
                {formatInstant(run.finishedAt)}: {run.fileName ?? run.format.toUpperCase()} by {run.runBy.name}, {formatCount(run.totals.licences)} licences
              </li>
            ))}
          </ul>
        </section>
      )}
    </>,
    { active: 'migration', status: outcome.status },
  );
}
