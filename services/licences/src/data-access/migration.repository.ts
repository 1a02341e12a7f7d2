import type {
  EusurveyMigrationRun,
  EusurveyRowReport,
  EusurveyTotals,
  UnreviewedByCompany,
} from '@lmp/contracts';
import type { PlatformFacts } from '../domain/eusurvey-migration/eusurvey-migration.types';
import type { Queryable } from './database';

/** A pre-provisioned user's subject until their first sign-in replaces it with EU Login's. */
export const PROVISIONED_SUBJECT_PREFIX = 'eusurvey-provisioned:';

/** One migration at a time: the second waits for the first to commit, then sees its rows. */
export async function lockMigrations(tx: Queryable): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('licences.eusurvey-migration', 0))`);
}

/** What the platform holds of the file's respondents, companies, row keys and licence numbers. */
export async function loadPlatformFacts(
  db: Queryable,
  wanted: { emails: string[]; eoris: string[]; keys: string[]; numbers: string[] },
): Promise<PlatformFacts> {
  // One after the other: inside the migration's transaction they share one connection.
  const users = await db.query<{
    id: string;
    email: string;
    name: string;
    role: 'operator' | 'commission';
    company_id: string | null;
    eori: string | null;
  }>(
    `SELECT u.id, u.email, u.name, u.role, u.company_id, c.eori
         FROM users u LEFT JOIN companies c ON c.id = u.company_id
        WHERE u.email = ANY($1::text[])`,
    [wanted.emails],
  );
  const companies = await db.query<{ id: string; name: string; eori: string }>(
    `SELECT id, name, eori FROM companies WHERE eori = ANY($1::text[])`,
    [wanted.eoris],
  );
  const migrated = await db.query<{ row_key: string; licence_id: string }>(
    `SELECT row_key, licence_id FROM eusurvey_migrated_rows WHERE row_key = ANY($1::text[])`,
    [wanted.keys],
  );
  const holders = await db.query<{
    number_normalised: string;
    company_id: string;
    name: string;
    eori: string;
  }>(
    `SELECT l.number_normalised, l.company_id, c.name, c.eori
         FROM licences l JOIN companies c ON c.id = l.company_id
        WHERE l.number_normalised = ANY($1::text[])`,
    [wanted.numbers],
  );
  return {
    users: new Map(
      users.rows.map((u) => [
        u.email,
        { id: u.id, name: u.name, role: u.role, companyId: u.company_id, companyEori: u.eori },
      ]),
    ),
    companies: new Map(companies.rows.map((c) => [c.eori, { id: c.id, name: c.name }])),
    migrated: new Map(migrated.rows.map((m) => [m.row_key, m.licence_id])),
    holders: new Map(
      holders.rows.map((h) => [h.number_normalised, { companyId: h.company_id, name: h.name, eori: h.eori }]),
    ),
  };
}

/**
 * A respondent without an account: an operator, named by their address until EU Login names
 * them, with a placeholder subject that their first sign-in replaces (bindProvisionedUserRow).
 * Their membership of the company is written by the identity domain's joinCompany.
 */
export async function insertProvisionedUser(
  tx: Queryable,
  user: { id: string; email: string; companyId: string; runId: string; at: Date },
): Promise<void> {
  await tx.query(
    `WITH provisioned AS (
       INSERT INTO users (id, subject, email, name, role, created_at, last_seen_at)
       VALUES ($1, $2, $3, $3, 'operator', $6, $6) RETURNING id)
     INSERT INTO eusurvey_provisioned_users (user_id, email, company_id, run_id, provisioned_at)
     SELECT id, $3, $4, $5, $6 FROM provisioned`,
    [user.id, PROVISIONED_SUBJECT_PREFIX + user.id, user.email, user.companyId, user.runId, user.at],
  );
}

export async function insertMigrationRun(
  tx: Queryable,
  run: {
    id: string;
    fileSha256: string;
    fileName: string | null;
    format: string;
    runBy: { id: string; name: string };
    startedAt: Date;
    finishedAt: Date;
    totals: EusurveyTotals;
    rows: EusurveyRowReport[];
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO eusurvey_migration_runs
       (id, file_sha256, file_name, format, run_by_id, run_by_name, started_at, finished_at, totals, rows)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      run.id,
      run.fileSha256,
      run.fileName,
      run.format,
      run.runBy.id,
      run.runBy.name,
      run.startedAt,
      run.finishedAt,
      JSON.stringify(run.totals),
      JSON.stringify(run.rows),
    ],
  );
}

export async function insertMigratedRows(
  tx: Queryable,
  runId: string,
  rows: { key: string; licenceId: string; email: string; row: number; submittedAt: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO eusurvey_migrated_rows (row_key, run_id, licence_id, respondent_email, file_row, survey_submitted_at)
     SELECT k, $1, l, e, r, s FROM unnest($2::text[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[]) AS t(k, l, e, r, s)`,
    [
      runId,
      rows.map((r) => r.key),
      rows.map((r) => r.licenceId),
      rows.map((r) => r.email),
      rows.map((r) => r.row),
      rows.map((r) => r.submittedAt),
    ],
  );
}

interface RunRow {
  id: string;
  file_sha256: string;
  file_name: string | null;
  format: EusurveyMigrationRun['format'];
  run_by_id: string;
  run_by_name: string;
  started_at: Date;
  finished_at: Date;
  totals: EusurveyTotals;
}

const toRun = (r: RunRow): EusurveyMigrationRun => ({
  id: r.id,
  fileSha256: r.file_sha256,
  fileName: r.file_name,
  format: r.format,
  runBy: { id: r.run_by_id, name: r.run_by_name },
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at.toISOString(),
  totals: r.totals,
});

const RUN_COLUMNS =
  'id, file_sha256, file_name, format, run_by_id, run_by_name, started_at, finished_at, totals';

/** Newest first. */
export async function listMigrationRuns(db: Queryable, limit: number): Promise<EusurveyMigrationRun[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM eusurvey_migration_runs ORDER BY started_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map(toRun);
}

export async function findMigrationRun(
  db: Queryable,
  id: string,
): Promise<(EusurveyMigrationRun & { rows: EusurveyRowReport[] }) | undefined> {
  const { rows } = await db.query<RunRow & { rows: EusurveyRowReport[] }>(
    `SELECT ${RUN_COLUMNS}, rows FROM eusurvey_migration_runs WHERE id = $1`,
    [id],
  );
  return rows[0] ? { ...toRun(rows[0]), rows: rows[0].rows } : undefined;
}

/** Per company holding migrated licences: how many, and how many still to be checked (most first). */
export async function unreviewedByCompany(db: Queryable): Promise<UnreviewedByCompany[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    eori: string;
    member_state: string;
    migrated: number;
    unreviewed: number;
  }>(
    `SELECT c.id, c.name, c.eori, c.member_state, count(*)::int AS migrated,
            (count(*) FILTER (WHERE l.review_required))::int AS unreviewed
       FROM licences l JOIN companies c ON c.id = l.company_id
      WHERE l.source = 'eusurvey_migration'
      GROUP BY c.id
      ORDER BY unreviewed DESC, c.name, c.id`,
  );
  return rows.map((r) => ({
    companyId: r.id,
    name: r.name,
    eori: r.eori,
    memberState: r.member_state,
    migrated: r.migrated,
    unreviewed: r.unreviewed,
  }));
}

export async function migrationCounts(db: Queryable): Promise<{ unreviewed: number; unboundUsers: number }> {
  const { rows } = await db.query<{ unreviewed: number; unbound: number }>(
    `SELECT (SELECT count(*) FROM licences WHERE review_required)::int AS unreviewed,
            (SELECT count(*) FROM eusurvey_provisioned_users WHERE bound_at IS NULL)::int AS unbound`,
  );
  return { unreviewed: rows[0]!.unreviewed, unboundUsers: rows[0]!.unbound };
}

/**
 * At a pre-provisioned respondent's first sign-in (their address, lower case): their user takes
 * EU Login's subject, and the provisioning is marked bound. Nothing for anyone else.
 */
export async function bindProvisionedUserRow(
  db: Queryable,
  email: string,
  subject: string,
  at: Date,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH bound AS (
       UPDATE eusurvey_provisioned_users SET bound_at = $3 WHERE email = $1 AND bound_at IS NULL RETURNING user_id)
     UPDATE users SET subject = $2, last_seen_at = $3
       FROM bound WHERE users.id = bound.user_id AND users.subject LIKE '${PROVISIONED_SUBJECT_PREFIX}%'`,
    [email, subject, at],
  );
  return rowCount === 1;
}
