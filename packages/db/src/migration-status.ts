import { withClient } from './admin-client';
import { createEngineAdapter } from './driver-adapter';
import { engineErrorMessage } from './engine-error';
import { readMigrationsList } from './migrations-directory';
import { quoteIdent, serviceSchemaName, withDatabase } from './names';
import { readServiceSchema } from './schema-includes';
import { NO_FILTERS, withSchemaEngine } from './schema-engine';

export interface MigrationStatusOptions {
  adminUrl: string;
  database: string;
  service: string;
  serviceDir: string;
}

export interface MigrationStatus {
  service: string;
  database: string;
  /** Migrations in the service's folder, oldest first. */
  local: string[];
  /** Migrations recorded as finished in `<service>._prisma_migrations`. */
  applied: string[];
  /** In the folder, not yet applied: `lmp-migrate deploy` would apply these. */
  pending: string[];
  /** Started and not finished: fix the database, then mark them rolled back. */
  failed: string[];
  /** Applied, but the file has changed since. */
  edited: string[];
  /** Applied in the database but missing from the folder. */
  missingLocally: string[];
  upToDate: boolean;
}

/** Compares a service's migrations folder with what its schema records, like `prisma migrate status`. */
export async function migrationStatus(options: MigrationStatusOptions): Promise<MigrationStatus> {
  const { adminUrl, database, service, serviceDir } = options;
  const schema = serviceSchemaName(service);
  const migrationsList = readMigrationsList(serviceDir);
  const schemaFiles = readServiceSchema({ serviceDir, service });
  const local = migrationsList.migrationDirectories.map((d) => d.path);
  const status: MigrationStatus = {
    service,
    database,
    local,
    applied: [],
    pending: local,
    failed: [],
    edited: [],
    missingLocally: [],
    upToDate: local.length === 0,
  };

  const exists = await withClient(adminUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    return Boolean(rowCount);
  });
  if (!exists) return status;
  const url = withDatabase(adminUrl, database);
  status.applied = await withClient(url, async (c) => {
    const table = `${quoteIdent(schema)}."_prisma_migrations"`;
    const { rows } = await c.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [table]);
    if (!rows[0]?.found) return [];
    const applied = await c.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return applied.rows.map((r) => r.migration_name);
  });

  const adapter = createEngineAdapter({ url, schema });
  try {
    const diagnosis = await withSchemaEngine(schemaFiles, adapter.factory, (engine) =>
      engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
    );
    const history = diagnosis.history;
    status.failed = diagnosis.failedMigrationNames;
    status.edited = diagnosis.editedMigrationNames;
    status.pending = history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [];
    status.missingLocally =
      history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [];
  } catch (error) {
    const reason = engineErrorMessage(error, adapter.factory);
    throw new Error(`reading the migration status of "${service}" in "${database}" failed: ${reason}`, {
      cause: error,
    });
  } finally {
    await adapter.close();
  }
  status.upToDate =
    !status.pending.length && !status.failed.length && !status.edited.length && !status.missingLocally.length;
  return status;
}
