// The per-suite database helper lives in @lmp/testing, which depends on this package: it is used
// through its entry but not declared in package.json, which keeps the workspace graph acyclic.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, dropStaleTestDatabases, type TestDatabase } from '@lmp/testing';
import { quoteIdent, withClient, withDatabase } from '../src';
import { adminUrl, fixturesRoot } from './support';

const services = ['licences', 'transmissions'];

describe('createTestDatabase', () => {
  const made: TestDatabase[] = [];
  const create = async () => {
    const db = await createTestDatabase({ services, repoRoot: fixturesRoot });
    made.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it('gives each suite its own migrated database: two clones are independent', async () => {
    const [first, second] = await Promise.all([create(), create()]);
    const insert = `INSERT INTO licences (id, licence_number, company_id) VALUES ($1, 'L-1', $1)`;

    await withClient(first!.urlFor('licences'), (c) => c.query(insert, [randomUUID()]));
    await withClient(second!.urlFor('licences'), (c) => c.query(insert, [randomUUID()]));

    expect(first!.database).not.toBe(second!.database);
    for (const db of [first!, second!]) {
      const { rows } = await withClient(db.urlFor('licences'), (c) =>
        c.query<{ n: number }>('SELECT count(*)::int AS n FROM licences'),
      );
      expect(rows[0]?.n).toBe(1);
    }
  });

  it('keeps the role model in the clone', async () => {
    const db = await create();

    await withClient(db.urlFor('transmissions'), async (c) => {
      await expect(c.query('SELECT count(*) FROM batches')).resolves.toBeDefined();
      await expect(c.query('SELECT count(*) FROM licences.licences')).rejects.toThrow(
        'permission denied for schema licences',
      );
      await expect(c.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(
        'permission denied for schema public',
      );
    });
    const { rows } = await withClient(withDatabase(adminUrl, db.database), (c) =>
      c.query<{ tableowner: string }>(
        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'licences'",
      ),
    );
    expect(rows).toEqual([{ tableowner: 'lmp_licences' }]);
  });

  it('refuses a URL for a service the database was not made for', async () => {
    const db = await create();

    expect(() => db.urlFor('messaging')).toThrow(/made for licences, transmissions, not "messaging"/);
  });

  it('drop() removes the database, even with connections open', async () => {
    const db = await createTestDatabase({ services: ['licences'], repoRoot: fixturesRoot });
    const lingering = new Client({ connectionString: db.urlFor('licences') });
    await lingering.connect();
    lingering.on('error', () => undefined); // terminated by the drop

    await db.drop();

    expect(await databaseExists(db.database)).toBe(false);
    await lingering.end().catch(() => undefined);
  });
});

describe('dropStaleTestDatabases', () => {
  it('drops test databases older than the limit and keeps recent ones', async () => {
    const old = `lmp_test_${(Date.now() - 4 * 60 * 60 * 1000).toString(36)}_${randomUUID().slice(0, 8)}`;
    const recent = `lmp_test_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
    await withClient(adminUrl, async (c) => {
      await c.query(`CREATE DATABASE ${quoteIdent(old)}`);
      await c.query(`CREATE DATABASE ${quoteIdent(recent)}`);
    });
    try {
      const dropped = await dropStaleTestDatabases({ adminUrl, testMaxAgeMs: 3 * 60 * 60 * 1000 });

      expect(dropped).toContain(old);
      expect(await databaseExists(old)).toBe(false);
      expect(await databaseExists(recent)).toBe(true);
    } finally {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(recent)}`));
    }
  });
});

async function databaseExists(name: string): Promise<boolean> {
  const { rowCount } = await withClient(adminUrl, (c) =>
    c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]),
  );
  return Boolean(rowCount);
}
