import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateService, serviceDatabaseUrl, withClient, withDatabase } from '../src';
import {
  adminUrl,
  copyOfFixtureService,
  dropDatabases,
  fixtureServiceDir,
  uniqueDatabaseName,
} from './support';

describe('migrateService', () => {
  const databases: string[] = [];
  const newDatabase = () => {
    const name = uniqueDatabaseName();
    databases.push(name);
    return name;
  };
  afterAll(() => dropDatabases(databases));

  const licences = { adminUrl, service: 'licences', serviceDir: fixtureServiceDir('licences') };

  it('applies pending migrations once and records them in the service schema', async () => {
    const database = newDatabase();

    const result = await migrateService({ ...licences, database });

    expect(result.appliedMigrationNames).toEqual(['20260101000000_init']);
    const recorded = await withClient(withDatabase(adminUrl, database), (c) =>
      c.query<{ migration_name: string }>(
        'SELECT migration_name FROM licences._prisma_migrations WHERE finished_at IS NOT NULL',
      ),
    );
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(['20260101000000_init']);
  });

  it('is a no-op the second time', async () => {
    const database = newDatabase();
    await migrateService({ ...licences, database });

    const second = await migrateService({ ...licences, database });

    expect(second.appliedMigrationNames).toEqual([]);
  });

  it('applies each migration once when replicas deploy at the same time', async () => {
    const database = newDatabase();

    const results = await Promise.all([1, 2, 3].map(() => migrateService({ ...licences, database })));

    expect(results.flatMap((r) => r.appliedMigrationNames)).toEqual(['20260101000000_init']);
  });

  it('makes the service role the owner of its tables, the bus tables included', async () => {
    const database = newDatabase();
    await migrateService({ ...licences, database });

    const owners = await withClient(withDatabase(adminUrl, database), (c) =>
      c.query<{ tablename: string; tableowner: string }>(
        "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'licences' ORDER BY tablename",
      ),
    );

    expect(owners.rows).toEqual([
      { tablename: '_prisma_migrations', tableowner: 'lmp_licences' },
      { tablename: 'licences', tableowner: 'lmp_licences' },
      { tablename: 'outbox_events', tableowner: 'lmp_licences' },
      { tablename: 'processed_events', tableowner: 'lmp_licences' },
    ]);
  });

  it('creates the outbox index as a partial index over unpublished events', async () => {
    const database = newDatabase();
    await migrateService({ ...licences, database });

    const index = await withClient(serviceDatabaseUrl({ ...licences, database }), (c) =>
      c.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'outbox_events_pending_idx'",
      ),
    );

    expect(index.rows[0]?.indexdef).toMatch(/\(attempts, created_at, id\) WHERE \(published_at IS NULL\)$/);
  });

  it('runs a migration as one script, so functions with ";" in their body work', async () => {
    const database = newDatabase();
    const serviceDir = copyOfFixtureService('licences');
    addMigration(
      serviceDir,
      '20260102000000_add_function',
      "CREATE FUNCTION licences.normalise(n text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(replace(n, '-', '')); $$;\n",
    );

    await migrateService({ ...licences, serviceDir, database });

    const { rows } = await withClient(serviceDatabaseUrl({ ...licences, database }), (c) =>
      c.query<{ n: string }>("SELECT normalise('ab-12') AS n"),
    );
    expect(rows[0]?.n).toBe('AB12');
  });

  it('refuses a migration that creates a schema, saying why', async () => {
    const serviceDir = copyOfFixtureService('licences');
    addMigration(serviceDir, '20260102000000_schema', 'CREATE SCHEMA IF NOT EXISTS "licences";\n');

    await expect(migrateService({ ...licences, serviceDir, database: newDatabase() })).rejects.toThrow(
      /contains CREATE SCHEMA.*may not create schemas/,
    );
  });

  it('reports a failing migration with the database error and the service', async () => {
    const database = newDatabase();
    const serviceDir = copyOfFixtureService('licences');
    addMigration(
      serviceDir,
      '20260102000000_broken',
      'ALTER TABLE "licences"."no_such_table" ADD COLUMN x int;\n',
    );

    await expect(migrateService({ ...licences, serviceDir, database })).rejects.toThrow(
      /migrating service "licences" in database "lmp_test_\w+" failed:[\s\S]*no_such_table[\s\S]*20260102000000_broken/,
    );
  });
});

function addMigration(serviceDir: string, name: string, sql: string): void {
  const dir = path.join(serviceDir, 'prisma', 'migrations', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
}
