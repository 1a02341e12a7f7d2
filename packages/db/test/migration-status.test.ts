import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateService, migrationStatus, withClient, withDatabase } from '../src';
import { adminUrl, copyOfFixtureService, dropDatabases, uniqueDatabaseName } from './support';

describe('migrationStatus', () => {
  const database = uniqueDatabaseName();
  afterAll(() => dropDatabases([database]));

  it('lists every migration as pending while the database does not exist', async () => {
    const serviceDir = copyOfFixtureService('licences');

    const status = await migrationStatus({ adminUrl, database, service: 'licences', serviceDir });

    expect(status).toMatchObject({ applied: [], pending: ['20260101000000_init'], upToDate: false });
  });

  it('is up to date after a deploy, and sees a new migration and an edited one', async () => {
    const serviceDir = copyOfFixtureService('licences');
    await migrateService({ adminUrl, database, service: 'licences', serviceDir });

    expect(await migrationStatus({ adminUrl, database, service: 'licences', serviceDir })).toMatchObject({
      applied: ['20260101000000_init'],
      pending: [],
      upToDate: true,
    });

    const added = path.join(serviceDir, 'prisma', 'migrations', '20260105000000_add_index');
    mkdirSync(added);
    writeFileSync(
      path.join(added, 'migration.sql'),
      'CREATE INDEX licences_company_idx ON licences.licences (company_id);\n',
    );
    writeFileSync(
      path.join(serviceDir, 'prisma', 'migrations', '20260101000000_init', 'migration.sql'),
      '-- edited\n',
      {
        flag: 'a',
      },
    );

    const status = await migrationStatus({ adminUrl, database, service: 'licences', serviceDir });

    expect(status).toMatchObject({
      pending: ['20260105000000_add_index'],
      edited: ['20260101000000_init'],
      upToDate: false,
    });
  });

  it("reads the history from the service's own schema", async () => {
    const { rows } = await withClient(withDatabase(adminUrl, database), (c) =>
      c.query<{ schemaname: string }>(
        "SELECT schemaname FROM pg_tables WHERE tablename = '_prisma_migrations'",
      ),
    );

    expect(rows).toEqual([{ schemaname: 'licences' }]);
  });
});
