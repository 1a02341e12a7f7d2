import { withAdvisoryLock, withClient } from './admin-client';
import { createEngineAdapter } from './driver-adapter';
import { engineErrorMessage } from './engine-error';
import { assertNoCreateSchema, readMigrationsList } from './migrations-directory';
import { serviceSchemaName } from './names';
import { readServiceSchema } from './schema-includes';
import { NO_FILTERS, withSchemaEngine } from './schema-engine';
import { serviceDatabaseUrl } from './service-database-url';
import { setupServiceSchema } from './service-schema';

export interface MigrateServiceOptions {
  adminUrl: string;
  database: string;
  service: string;
  /** The service's folder, holding prisma/schema.prisma and prisma/migrations. */
  serviceDir: string;
  /** The service role's password; defaults to LMP_DB_PASSWORD_<SERVICE>. */
  password?: string;
  log?: (line: string) => void;
}

export interface MigrateServiceResult {
  service: string;
  database: string;
  /** Migrations applied by this call, oldest first; empty when the database was up to date. */
  appliedMigrationNames: string[];
}

/**
 * Sets up the service's schema and role, then applies pending migrations as the service role
 * (so the role owns its tables), like `prisma migrate deploy`. `_prisma_migrations` lives in the
 * service's schema, so each service has its own history.
 */
export async function migrateService(options: MigrateServiceOptions): Promise<MigrateServiceResult> {
  const { adminUrl, database, service, serviceDir } = options;
  const migrationsList = readMigrationsList(serviceDir);
  assertNoCreateSchema(migrationsList);
  const schemaFiles = readServiceSchema({ serviceDir, service });
  await setupServiceSchema(options);

  // Two replicas deploying at once: the second waits, then finds nothing pending.
  const appliedMigrationNames = await withClient(adminUrl, (admin) =>
    withAdvisoryLock(admin, `lmp:migrate:${database}:${service}`, async () => {
      const adapter = createEngineAdapter({
        url: serviceDatabaseUrl(options),
        schema: serviceSchemaName(service),
      });
      try {
        return await withSchemaEngine(
          schemaFiles,
          adapter.factory,
          async (engine) =>
            (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames,
          options.log,
        );
      } catch (error) {
        const reason = engineErrorMessage(error, adapter.factory);
        throw new Error(`migrating service "${service}" in database "${database}" failed: ${reason}`, {
          cause: error,
        });
      } finally {
        await adapter.close();
      }
    }),
  );
  return { service, database, appliedMigrationNames };
}
