import { migrateService, serviceDatabaseUrl, setupServiceSchema, withClient, withDatabase } from '../src';
import { adminUrl, dropDatabases, fixtureServiceDir, uniqueDatabaseName } from './support';

describe('service roles', () => {
  const database = uniqueDatabaseName();
  const licencesUrl = serviceDatabaseUrl({ adminUrl, database, service: 'licences' });
  const asLicences = <T>(sql: string) => withClient(licencesUrl, (c) => c.query<T & object>(sql));

  beforeAll(async () => {
    for (const service of ['licences', 'transmissions'] as const) {
      await migrateService({ adminUrl, database, service, serviceDir: fixtureServiceDir(service) });
    }
  });
  afterAll(() => dropDatabases([database]));

  it('connect as lmp_<service> to the shared database', () => {
    const url = new URL(licencesUrl);

    expect(url.username).toBe('lmp_licences');
    expect(url.pathname).toBe(`/${database}`);
  });

  it('find their own tables without naming the schema', async () => {
    await asLicences(
      `INSERT INTO licences (id, licence_number, company_id) VALUES (gen_random_uuid(), 'L-1', gen_random_uuid())`,
    );

    const { rows } = await asLicences<{ n: number }>('SELECT count(*)::int AS n FROM licences');

    expect(rows[0]?.n).toBe(1);
  });

  it("the licences role cannot read another service's tables", async () => {
    await expect(asLicences('SELECT * FROM transmissions.batches')).rejects.toThrow(
      'permission denied for schema transmissions',
    );
  });

  it('cannot create tables in public', async () => {
    await expect(asLicences('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(
      'permission denied for schema public',
    );
  });

  it('cannot create schemas', async () => {
    await expect(asLicences('CREATE SCHEMA sneaky')).rejects.toThrow(
      `permission denied for database ${database}`,
    );
  });

  it('can use pg_trgm from the shared extensions schema', async () => {
    const { rows } = await asLicences<{ s: number }>("SELECT similarity('ABC-123', 'abc123') AS s");

    expect(rows[0]?.s).toBeGreaterThan(0);
  });

  it('setting up is idempotent and safe to run in parallel', async () => {
    const fresh = uniqueDatabaseName();
    try {
      const runs = await Promise.all(
        ['licences', 'licences', 'transmissions', 'transmissions'].map((service) =>
          setupServiceSchema({ adminUrl, database: fresh, service }),
        ),
      );

      expect(runs.map((r) => r.role)).toEqual([
        'lmp_licences',
        'lmp_licences',
        'lmp_transmissions',
        'lmp_transmissions',
      ]);
      const { rows } = await withClient(withDatabase(adminUrl, fresh), (c) =>
        c.query<{ nspname: string; owner: string }>(
          `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
            WHERE nspname IN ('licences', 'transmissions', 'extensions') ORDER BY nspname`,
        ),
      );
      expect(rows).toEqual([
        { nspname: 'extensions', owner: 'postgres' },
        { nspname: 'licences', owner: 'lmp_licences' },
        { nspname: 'transmissions', owner: 'lmp_transmissions' },
      ]);
    } finally {
      await dropDatabases([fresh]);
    }
  });
});
