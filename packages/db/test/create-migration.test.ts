import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMigration, migrateService, serviceDatabaseUrl, withClient } from '../src';
import { adminUrl, copyOfFixtureService, dropDatabases, uniqueDatabaseName } from './support';

const migrationsOf = (serviceDir: string) =>
  readdirSync(path.join(serviceDir, 'prisma', 'migrations'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe('createMigration', () => {
  const databases: string[] = [];
  afterAll(() => dropDatabases(databases));

  it('writes the SQL of a schema change and nothing when there is none', async () => {
    const serviceDir = copyOfFixtureService('licences');
    const before = migrationsOf(serviceDir);

    const unchanged = await createMigration({ serviceDir, name: 'nothing', adminUrl });

    expect(unchanged).toEqual({ migrationName: null, file: null, sql: null });
    expect(migrationsOf(serviceDir)).toEqual(before);

    const schemaFile = path.join(serviceDir, 'prisma', 'schema.prisma');
    const schema = readFileSync(schemaFile, 'utf8');
    writeFileSync(
      schemaFile,
      schema.replace('  companyId ', '  customsNote   String?  @map("customs_note")\n  companyId '),
    );

    const changed = await createMigration({
      serviceDir,
      name: 'Add customs note',
      adminUrl,
      now: new Date('2026-02-03T04:05:06Z'),
    });

    expect(changed.migrationName).toBe('20260203040506_add_customs_note');
    expect(migrationsOf(serviceDir)).toEqual([...before, '20260203040506_add_customs_note']);
    expect(readFileSync(changed.file!, 'utf8')).toBe(changed.sql);
    expect(changed.sql).toContain('ALTER TABLE "licences"."licences" ADD COLUMN     "customs_note" TEXT;');
  });

  it('writes a first migration without CREATE SCHEMA, which the service role then applies', async () => {
    const serviceDir = copyOfFixtureService('transmissions');
    rmSync(path.join(serviceDir, 'prisma', 'migrations'), { recursive: true });

    const first = await createMigration({ serviceDir, name: 'init', adminUrl });

    expect(first.sql).toContain('CREATE TABLE "transmissions"."batches"');
    expect(first.sql).toContain('WHERE (published_at IS NULL)');
    expect(first.sql).not.toMatch(/CREATE SCHEMA/);
    expect(existsSync(path.join(serviceDir, 'prisma', 'migrations', 'migration_lock.toml'))).toBe(true);

    const database = uniqueDatabaseName();
    databases.push(database);
    const { appliedMigrationNames } = await migrateService({
      adminUrl,
      database,
      service: 'transmissions',
      serviceDir,
    });
    expect(appliedMigrationNames).toEqual([first.migrationName]);
    const { rows } = await withClient(
      serviceDatabaseUrl({ adminUrl, database, service: 'transmissions' }),
      (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM batches'),
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('leaves no shadow database behind', async () => {
    const serviceDir = copyOfFixtureService('transmissions');
    const startedAt = Date.now();

    await createMigration({ serviceDir, name: 'nothing', adminUrl });

    const { rows } = await withClient(adminUrl, (c) =>
      c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'lmp\\_shadow\\_%' OR datname LIKE 'prisma\\_migrate\\_shadow%'",
      ),
    );
    // lmp_shadow_<base36 time>_<random>: none made since this test started may remain.
    const ours = rows.filter(
      (r) => !r.datname.startsWith('lmp_shadow_') || parseInt(r.datname.split('_')[2]!, 36) >= startedAt,
    );
    expect(ours).toEqual([]);
  });

  it('rejects a name with nothing usable in it', async () => {
    await expect(
      createMigration({ serviceDir: copyOfFixtureService('licences'), name: '--', adminUrl }),
    ).rejects.toThrow(/invalid migration name/);
  });
});
