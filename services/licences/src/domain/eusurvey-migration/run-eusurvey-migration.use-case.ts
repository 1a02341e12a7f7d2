import { createHash, randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import {
  newEvent,
  ZEusurveyMigrationJson,
  ZEusurveyMigrationQuery,
  type EusurveyMigrationReport,
} from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { insertCompany } from '../../data-access/company.repository';
import {
  isUniqueViolation,
  withTransaction,
  type Db,
  type Queryable,
  type Tx,
} from '../../data-access/database';
import { insertLicenceRegistration } from '../../data-access/licence.repository';
import {
  insertMigratedRows,
  insertMigrationRun,
  insertProvisionedUser,
  loadPlatformFacts,
  lockMigrations,
} from '../../data-access/migration.repository';
import { saveEvents } from '../../data-access/outbox';
import { eventMeta } from '../event-meta';
import { assertCommission, type Actor } from '../identity/actor';
import { joinCompany } from '../identity/join-company';
import { newRegistration } from '../licence/new-registration';
import {
  MIGRATION_IS_THE_COMMISSIONS,
  type MigrationPlan,
  type MigrationRunner,
} from './eusurvey-migration.types';
import { planMigration, rowKeyOf, totalsOf } from './migration-plan';
import { checkSurveyRow, type CheckedSurveyRow } from './survey-row.checks';
import { parseSurveyFile, sheetOfJsonRows, type SurveyFileFormat } from './survey-file.parser';

export type MigrationUpload = { file: Buffer; format: 'csv' | 'xlsx'; fileName?: string } | { json: unknown };

export interface RunEusurveyMigrationOptions {
  db: Db;
  outbox: OutboxNotifier;
  /** Who runs it, and the actor its company and membership events name ('system' for the command). */
  runner: MigrationRunner & { eventActor: Actor | 'system' };
  upload: MigrationUpload;
  /** The request's query (dryRun); the command passes `{ dryRun: 'true' }` for --dry-run. */
  query?: unknown;
  now?: Date;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

async function readUpload(upload: MigrationUpload) {
  if ('json' in upload) {
    const body = parseOrThrow(ZEusurveyMigrationJson, upload.json);
    return {
      rows: await parseSurveyFile({ sheet: sheetOfJsonRows(body.rows) }),
      fileSha256: sha256(JSON.stringify(body.rows)),
      fileName: body.fileName ?? null,
      format: 'json' as SurveyFileFormat,
    };
  }
  return {
    rows: await parseSurveyFile({ file: upload.file, format: upload.format }),
    fileSha256: sha256(upload.file),
    fileName: upload.fileName ?? null,
    format: upload.format as SurveyFileFormat,
  };
}

async function planOn(db: Queryable, rows: CheckedSurveyRow[], dryRun: boolean): Promise<MigrationPlan> {
  const valid = rows.filter((r) => r.respondentEmail && r.number);
  const facts = await loadPlatformFacts(db, {
    emails: [...new Set(rows.flatMap((r) => (r.respondentEmail ? [r.respondentEmail] : [])))],
    eoris: [...new Set(rows.flatMap((r) => (r.company ? [r.company.eori] : [])))],
    keys: valid.map((r) => rowKeyOf(r.respondentEmail!, r.number!)),
    numbers: [...new Set(rows.flatMap((r) => (r.number ? [r.number] : [])))],
  });
  return planMigration(rows, facts, { dryRun, newId: randomUUID });
}

/**
 * The EU Survey migration (docs/eusurvey-migration.md). Every row is checked and compared with
 * the file and the platform; a dry run answers the report and writes nothing. A real run writes
 * in ONE transaction (companies, pre-provisioned users and their memberships, licences with
 * their first history entry at the survey's submission time, review flag set, the run and its
 * row keys, and every event through the outbox), one run at a time: all of it or, on any
 * failure, nothing. A run that would create nothing (a re-run of the same file) writes nothing.
 */
export async function runEusurveyMigration(
  options: RunEusurveyMigrationOptions,
): Promise<EusurveyMigrationReport> {
  const { db, runner } = options;
  if (runner.eventActor !== 'system') assertCommission(runner.eventActor, MIGRATION_IS_THE_COMMISSIONS);
  const { dryRun } = parseOrThrow(ZEusurveyMigrationQuery, options.query ?? {});
  const startedAt = options.now ?? new Date();
  const upload = await readUpload(options.upload);
  const checked = upload.rows.map((r) => checkSurveyRow(r, startedAt));
  const answer = (plan: MigrationPlan, runId: string | null): EusurveyMigrationReport => ({
    dryRun,
    runId,
    fileSha256: upload.fileSha256,
    totals: totalsOf(plan.rows),
    rows: plan.rows,
  });
  if (dryRun) return answer(await planOn(db, checked, true), null);

  try {
    const report = await withTransaction(db, async (tx) => {
      await lockMigrations(tx);
      const plan = await planOn(tx, checked, false);
      if (plan.licences.length === 0) return answer(plan, null);
      const runId = randomUUID();
      await writePlan(tx, plan, { runId, runner, now: startedAt });
      const report = answer(plan, runId);
      await insertMigrationRun(tx, {
        id: runId,
        fileSha256: upload.fileSha256,
        fileName: upload.fileName,
        format: upload.format,
        runBy: { id: runner.id, name: runner.name },
        startedAt,
        finishedAt: new Date(),
        totals: report.totals,
        rows: report.rows,
      });
      await insertMigratedRows(
        tx,
        runId,
        plan.licences.map((l) => ({
          key: l.key,
          licenceId: l.report.licenceId!,
          email: l.respondentEmail,
          row: l.row,
          submittedAt: l.submittedAt,
        })),
      );
      return report;
    });
    if (report.runId) options.outbox.written();
    return report;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError(
      'RESOURCE.CONFLICT',
      'A licence number, EORI or e-mail address of the file was registered on the platform while the migration ran; nothing was migrated: run it again',
    );
  }
}

async function writePlan(
  tx: Tx,
  plan: MigrationPlan,
  { runId, runner, now }: { runId: string; runner: RunEusurveyMigrationOptions['runner']; now: Date },
): Promise<void> {
  const meta = eventMeta(runner.eventActor, now);
  for (const { id, input } of plan.companies) {
    const company = await insertCompany(tx, id, input);
    const { name, eori, country, memberState, sme, sector } = company;
    await saveEvents(tx, [
      newEvent('CompanyRegistered', { companyId: id, name, eori, country, memberState, sme, sector }, meta),
    ]);
  }
  // Admins first, so a company's first member is its admin in every list ordered by joining.
  const users = [...plan.users].sort((a, b) => (a.role === b.role ? 0 : a.role === 'admin' ? -1 : 1));
  for (const user of users) {
    await insertProvisionedUser(tx, {
      id: user.id,
      email: user.email,
      companyId: user.companyId,
      runId,
      at: now,
    });
    await joinCompany(tx, {
      userId: user.id,
      companyId: user.companyId,
      role: user.role,
      meta,
      joinedAt: now,
    });
  }
  for (const licence of plan.licences) {
    const respondent = {
      userId: licence.user.id,
      email: licence.respondentEmail,
      name: `${licence.user.name} (EU Survey)`,
      role: 'operator' as const,
      companyId: licence.companyId,
      companyRole: null,
    };
    const { registration, view } = newRegistration(respondent, licence.data, {
      source: 'eusurvey_migration',
      now,
      submittedAt: licence.submittedAt,
      reviewRequired: true,
    });
    await insertLicenceRegistration(tx, registration);
    licence.report.licenceId = view.id;
  }
}
