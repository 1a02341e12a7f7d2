import type {
  EusurveyMigrationOverview,
  EusurveyMigrationRun,
  EusurveyRowReport,
  UnreviewedByCompany,
} from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import {
  findMigrationRun,
  listMigrationRuns,
  migrationCounts,
  unreviewedByCompany,
} from '../../data-access/migration.repository';
import { assertCommission, type Actor } from '../identity/actor';
import { MIGRATION_IS_THE_COMMISSIONS } from './eusurvey-migration.types';
import { assertId } from '../resource-id';

/** Runs listed at most (a migration is run a handful of times). */
const RUNS_LISTED = 100;

/** GET /migrations/eusurvey: the runs, newest first, and what remains to be checked or bound. */
export async function getMigrationOverview({
  db,
  actor,
}: {
  db: Db;
  actor: Actor;
}): Promise<EusurveyMigrationOverview> {
  assertCommission(actor, MIGRATION_IS_THE_COMMISSIONS);
  const [runs, counts] = await Promise.all([listMigrationRuns(db, RUNS_LISTED), migrationCounts(db)]);
  return { runs, ...counts };
}

/** GET /migrations/eusurvey/runs/:id: one run with its per-row report. */
export async function getMigrationRun({
  db,
  actor,
  runId,
}: {
  db: Db;
  actor: Actor;
  runId: string;
}): Promise<EusurveyMigrationRun & { rows: EusurveyRowReport[] }> {
  assertCommission(actor, MIGRATION_IS_THE_COMMISSIONS);
  assertId(runId, 'migration run');
  const run = await findMigrationRun(db, runId);
  if (!run) throw new AppError('RESOURCE.NOT_FOUND', 'No such migration run');
  return run;
}

/** GET /migrations/eusurvey/unreviewed: per company, its migrated licences and how many are unchecked. */
export async function getUnreviewedByCompany({
  db,
  actor,
}: {
  db: Db;
  actor: Actor;
}): Promise<{ items: UnreviewedByCompany[]; unreviewed: number; companies: number }> {
  assertCommission(actor, MIGRATION_IS_THE_COMMISSIONS);
  const items = await unreviewedByCompany(db);
  return {
    items,
    unreviewed: items.reduce((sum, c) => sum + c.unreviewed, 0),
    companies: items.filter((c) => c.unreviewed > 0).length,
  };
}
