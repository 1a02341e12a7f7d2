import { ZEusurveyMigrationQuery } from '@lmp/contracts';
import { SPREADSHEET_FILES } from './media-types';
import type { OperationSpec } from './operation-spec';

// prettier-ignore
export const MIGRATION_OPERATIONS: OperationSpec[] = [
  { method: 'post', path: '/migrations/eusurvey', tag: 'Migration', commissionOnly: true, summary: 'Migrate the EU Survey export (June to 10 October 2025): the file as CSV or XLSX, or its rows as JSON; ?dryRun=true first. A report per row; original submission times kept; a re-run changes nothing already migrated', description: '409 when a number, EORI or address of the file was registered while the migration ran (nothing was migrated: run it again).', query: ZEusurveyMigrationQuery, body: { json: 'EusurveyMigrationJson', files: SPREADSHEET_FILES }, headers: [{ name: 'X-File-Name', description: "The export's file name, kept with the run", maxLength: 200 }], ok: [200, 'EusurveyMigrationReport'], errors: [409] },
  { method: 'get', path: '/migrations/eusurvey', tag: 'Migration', commissionOnly: true, summary: 'The migration runs, newest first, with the migrated licences still to check and the respondents not yet signed in', ok: [200, 'EusurveyMigrationOverview'] },
  { method: 'get', path: '/migrations/eusurvey/unreviewed', tag: 'Migration', commissionOnly: true, summary: 'Per company: its migrated licences and how many are not yet checked', ok: [200, 'UnreviewedByCompanyList'] },
  { method: 'get', path: '/migrations/eusurvey/runs/{id}', tag: 'Migration', commissionOnly: true, summary: 'One migration run with its per-row report', ok: [200, 'EusurveyMigrationRunDetail'] },
];
