import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { adminUrlFromEnv } from './config';
import { createEngineAdapter } from './driver-adapter';
import { engineErrorMessage } from './engine-error';
import {
  isEmptySql,
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  migrationsDir,
  readMigrationsList,
  withoutCreateSchema,
} from './migrations-directory';
import { EXTENSIONS_SCHEMA, quoteIdent, serviceSchemaName } from './names';
import { readServiceSchema } from './schema-includes';
import { NO_FILTERS, withSchemaEngine } from './schema-engine';

export interface CreateMigrationOptions {
  /** The service's folder, holding prisma/schema.prisma and prisma/migrations. */
  serviceDir: string;
  /** What the migration does, e.g. `add_customs_note`; becomes `<timestamp>_add_customs_note`. */
  name: string;
  /** Defaults to the folder's name. */
  service?: string;
  /** Used to create (and drop) a temporary shadow database; defaults to DATABASE_ADMIN_URL. */
  adminUrl?: string;
  log?: (line: string) => void;
  /** The migration's timestamp; defaults to now. */
  now?: Date;
}

export interface CreateMigrationResult {
  /** `<timestamp>_<name>`, or null when schema.prisma matches the migrations already there. */
  migrationName: string | null;
  /** The new migration.sql, when one was written. */
  file: string | null;
  sql: string | null;
}

/**
 * Like `prisma migrate dev --create-only`: replays the existing migrations on a temporary shadow
 * database, compares the result with schema.prisma and writes the difference as a new migration.
 * The live database is not touched. Writes nothing when there is no difference.
 */
export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const { serviceDir } = options;
  const service = options.service ?? path.basename(path.resolve(serviceDir));
  const name = toMigrationName(options.name);
  const adminUrl = options.adminUrl ?? adminUrlFromEnv();
  const schemaFiles = readServiceSchema({ serviceDir, service });
  const migrationsList = readMigrationsList(serviceDir, shadowInitScript(service));

  // The engine creates its shadow database through the main connection's factory; ours does
  // that with the admin connection and drops it afterwards.
  const adapter = createEngineAdapter({
    url: adminUrl,
    adminUrl,
    shadowSearchPath: [serviceSchemaName(service), EXTENSIONS_SCHEMA],
  });
  let diff: { exitCode: number; stdout: string | null };
  try {
    // `createMigration` of the wasm engine cannot reach a shadow database; `diff` from the
    // migrations directory can (through our adapter factory) and yields the same SQL.
    diff = await withSchemaEngine(
      schemaFiles,
      adapter.factory,
      (engine) =>
        engine.diff({
          from: { tag: 'migrations', ...migrationsList },
          to: { tag: 'schemaDatamodel', files: schemaFiles },
          script: true,
          exitCode: true,
          filters: NO_FILTERS,
        }),
      options.log,
    );
  } catch (error) {
    const reason = engineErrorMessage(error, adapter.factory);
    throw new Error(`creating migration "${name}" for service "${service}" failed: ${reason}`, {
      cause: error,
    });
  } finally {
    await adapter.close();
  }

  // exitCode 2 means "there is a difference" (like `prisma migrate diff --exit-code`).
  const sql = diff.exitCode === 2 && diff.stdout ? withoutCreateSchema(diff.stdout) : null;
  if (sql === null || isEmptySql(sql)) return { migrationName: null, file: null, sql: null };

  const migrationName = `${timestamp(options.now ?? new Date())}_${name}`;
  const baseDir = migrationsDir(serviceDir);
  const file = path.join(baseDir, migrationName, 'migration.sql');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, sql);
  const lockfile = path.join(baseDir, LOCKFILE_NAME);
  if (!existsSync(lockfile)) writeFileSync(lockfile, LOCKFILE_CONTENT);
  return { migrationName, file, sql };
}

/** The shadow database starts as lmp-migrate leaves a real one before the first migration. */
function shadowInitScript(service: string): string {
  const x = quoteIdent(EXTENSIONS_SCHEMA);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(serviceSchemaName(service))};`,
    `CREATE SCHEMA IF NOT EXISTS ${x};`,
    `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA ${x};`,
  ].join('\n');
}

function toMigrationName(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!cleaned)
    throw new Error(`invalid migration name "${name}": use letters, digits and "_" (e.g. add_customs_note)`);
  return cleaned;
}

/** `prisma migrate` names folders `YYYYMMDDHHMMSS_<name>` in UTC. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
