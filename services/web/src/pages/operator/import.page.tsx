import type { ImportReport } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount } from '../../components/format';
import { FileUpload } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table } from '../../components/table';
import { formValue, redirect, render, type PageContext, type PageResult, type UploadedFile } from '../../app/page';

const TITLE = 'Import licences';
const TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file's type by its extension (browsers label CSV files inconsistently). */
function typeOf(filename: string): string | undefined {
  return TYPES[filename.split('.').pop()?.toLowerCase() ?? ''];
}

/** GET /licences/import */
export async function importForm(ctx: PageContext): Promise<PageResult> {
  return importPageOf(ctx, {});
}

/**
 * POST /licences/import, in two steps without JavaScript: the chosen file is checked (dry run,
 * a report per row, nothing written); the report page carries the same file back (a hidden field)
 * with an "Import" button, which imports it for real.
 */
export async function importLicences(ctx: PageContext): Promise<PageResult> {
  const confirm = formValue(ctx.form, 'step') === 'import';
  let file: { name: string; data: Buffer } | undefined;
  if (confirm) {
    const data = formValue(ctx.form, 'fileData');
    if (data) file = { name: formValue(ctx.form, 'fileName'), data: Buffer.from(data, 'base64') };
  } else {
    const chosen: UploadedFile | undefined = ctx.files.find((f) => f.field === 'file');
    if (chosen) file = { name: chosen.filename, data: chosen.data };
  }
  if (!file) return importPageOf(ctx, { error: 'Choose a CSV or XLSX file', status: 422 });
  const type = typeOf(file.name);
  if (!type) return importPageOf(ctx, { error: 'must be a CSV (.csv) or Excel (.xlsx) file', status: 422 });
  const answer = await ctx.api.postFile<ImportReport>('/licences/import', file.data, type, {
    query: { dryRun: confirm ? undefined : 'true' },
  });
  if (answer.kind === 'unavailable') {
    return render(TITLE, <UnavailableNotice what="Importing" retryAfter={answer.retryAfter} />, { status: 503, active: 'import' });
  }
  if (answer.kind === 'problem') {
    if (answer.status === 403) return redirect('/');
    return importPageOf(ctx, { error: answer.problem.detail ?? answer.problem.title, status: answer.status });
  }
  return importPageOf(ctx, { report: answer.data, file: confirm ? undefined : file });
}

function importPageOf(
  ctx: PageContext,
  { error, status, report, file }: { error?: string; status?: number; report?: ImportReport; file?: { name: string; data: Buffer } },
): PageResult {
  const importable = report ? (report.dryRun ? report.valid : report.created) : 0;
  return render(
    TITLE,
    <>
      <PageHeader
        title={TITLE}
        description="Many licences at once, from a CSV or Excel file with one licence per row. The file is checked first; nothing is registered until you confirm."
      />
      <ErrorSummary errors={error ? { file: error } : {}} labels={{ file: 'File' }} />
      {report && !report.dryRun && (
        <Notification variant="success" title={`${formatCount(report.created)} licences imported`}>
          <p class="ecl-u-mv-none">
            <a class="ecl-link" href="/licences">
              See them in the list
            </a>
            {report.failed > 0 && ` · ${formatCount(report.failed)} rows were refused (below).`}
          </p>
        </Notification>
      )}
      {report?.dryRun && (
        <Notification
          variant={report.failed > 0 ? 'warning' : 'info'}
          title={`Checked ${formatCount(report.total)} rows: ${formatCount(report.valid)} can be imported, ${formatCount(report.failed)} cannot`}
          description="Nothing is registered yet."
        />
      )}
      {report && (
        <Table
          caption={report.dryRun ? 'Check of each row' : 'Result of each row'}
          columns={[
            { key: 'row', header: 'Row', numeric: true, cell: (r) => String(r.row), rowHeader: true },
            { key: 'licenceNumber', header: 'Licence number', cell: (r) => r.licenceNumber ?? '–' },
            {
              key: 'status',
              header: 'Result',
              cell: (r) => (r.status === 'created' ? 'Imported' : r.status === 'valid' ? 'Can be imported' : 'Refused'),
            },
            {
              key: 'errors',
              header: 'Problems',
              cell: (r) => (r.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ') || '–',
            },
          ]}
          rows={report.rows}
          rowKey={(r) => String(r.row)}
        />
      )}
      {report?.dryRun && file && importable > 0 && (
        <form method="post" action="/licences/import" enctype="multipart/form-data" class="lmp-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="step" value="import" />
          <input type="hidden" name="fileName" value={file.name} />
          <input type="hidden" name="fileData" value={file.data.toString('base64')} />
          <div class="lmp-form__actions">
            <Button>{`Import the ${formatCount(importable)} valid rows`}</Button>
          </div>
        </form>
      )}
      <form method="post" action="/licences/import" enctype="multipart/form-data" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="step" value="check" />
        <FileUpload
          name="file"
          label={report ? 'Check another file' : 'File to check'}
          hint="CSV or XLSX, one licence per row, with a header row naming the fields of the register form: licenceNumber, licenceType, applicationDate, exporterName, sector, elements, productType, quantityKg, mofcomCentralLevel (true)…"
          accept=".csv,.xlsx"
          error={error}
          required
        />
        <div class="lmp-form__actions">
          <Button variant={report ? 'secondary' : 'primary'}>Check the file</Button>
        </div>
      </form>
    </>,
    { active: 'import', status },
  );
}
