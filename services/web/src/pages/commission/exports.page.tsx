import { ErrorSummary } from '../../components/error-summary';
import { RadioGroup } from '../../components/form-fields';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import {
  fieldErrorsOf,
  passThrough,
  render,
  ZProblem,
  type FieldErrors,
  type PageContext,
  type PageResult,
} from '../../app/page';
import {
  readReportFilters,
  REPORT_FILTER_LABELS,
  ReportFilterForm,
  type ReportFilters,
} from './report-filters';

const PATH = '/commission/exports';
const DOWNLOAD = `${PATH}/download`;
const FORMATS = [
  { value: 'xlsx', label: 'Excel workbook (.xlsx)' },
  { value: 'csv', label: 'CSV, UTF-8 (.csv)' },
];

/** GET /commission/exports: every licence with its company's data, for analysis, filtered. */
export function exportsPage(ctx: PageContext): Promise<PageResult> {
  return exportsView(ctx, readReportFilters(ctx.query));
}

/**
 * GET /commission/exports/download?format=…&filters: GET /reports/export streamed through the web
 * app with the user's token. Filters the API refuses come back on the form, next to their fields.
 */
export async function downloadExportPage(ctx: PageContext): Promise<PageResult> {
  const filters = readReportFilters(ctx.query);
  const format = ctx.query.format === 'csv' ? 'csv' : 'xlsx';
  const response = await ctx.api.raw('/reports/export', { query: { ...filters, format } });
  if (response.status === 503) {
    await response.body?.cancel();
    return exportsView(ctx, filters, { unavailable: true, retryAfter: response.headers.get('retry-after') });
  }
  if (response.status === 400 || response.status === 422) {
    const problem = ZProblem.safeParse(await response.json().catch(() => ({})));
    return exportsView(ctx, filters, {
      errors: problem.success ? fieldErrorsOf(problem.data) : {},
      detail: problem.success
        ? (problem.data.detail ?? problem.data.title)
        : 'The filters could not be applied',
      status: response.status,
    });
  }
  return passThrough(response);
}

interface Outcome {
  errors?: FieldErrors;
  detail?: string;
  unavailable?: boolean;
  retryAfter?: string | null;
  status?: number;
}

function exportsView(ctx: PageContext, filters: ReportFilters, outcome: Outcome = {}): Promise<PageResult> {
  const errors = outcome.errors ?? {};
  const format = ctx.query.format === 'csv' ? 'csv' : 'xlsx';
  return Promise.resolve(
    render(
      'Exports',
      <>
        <PageHeader
          meta="European Commission"
          title="Exports"
          description="Every licence with its company's data, as a spreadsheet for analysis. For use inside the Commission only."
        />
        <ErrorSummary
          errors={errors}
          labels={REPORT_FILTER_LABELS}
          detail={Object.keys(errors).length === 0 ? outcome.detail : undefined}
          title="The export could not be made"
        />
        {outcome.unavailable && <UnavailableNotice what="Exports" retryAfter={outcome.retryAfter} />}
        <p class="lmp-text">
          Choose the licences with the filters (none: all of them) and the format, then download. Cells that a
          spreadsheet could read as a formula are written as text.
        </p>
        <ExportForm filters={filters} errors={errors} format={format} />
      </>,
      { active: 'exports', status: outcome.status ?? (outcome.unavailable ? 503 : 200) },
    ),
  );
}

/** The report filters plus the format, as one GET form to the download. */
function ExportForm({
  filters,
  errors,
  format,
}: {
  filters: ReportFilters;
  errors: FieldErrors;
  format: string;
}) {
  return (
    <div class="lmp-export">
      <ReportFilterForm
        action={DOWNLOAD}
        clearHref={PATH}
        filters={filters}
        errors={errors}
        submitLabel="Download the export"
      >
        <RadioGroup name="format" label="Format" value={format} options={FORMATS} inline />
      </ReportFilterForm>
    </div>
  );
}
