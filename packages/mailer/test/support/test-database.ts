import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { schemaFragmentSql } from '@lmp/db';
import { Client, Pool, escapeIdentifier } from 'pg';

export interface TestDatabase {
  schema: string;
  pool: Pool;
  /** Its connection string, for a test that needs connections of its own. */
  url: string;
  drop(): Promise<void>;
}

const adminUrl = () => process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let tableSql: Promise<string> | undefined;

/**
 * A fresh database with mail_outbox in schema "svc", exactly as a service's migration creates it:
 * rendered from its one definition, prisma/mail-outbox.prisma, by the engine lmp-migrate uses.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const schema = 'svc';
  tableSql ??= schemaFragmentSql({
    fragment: join(__dirname, '../../prisma/mail-outbox.prisma'),
    schema,
    adminUrl: adminUrl(),
  });
  const name = `mailer_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 20 });
  pool.on('error', () => undefined);
  await pool.query(await tableSql);
  return {
    schema,
    pool,
    url: url.toString(),
    async drop() {
      await pool.end().catch(() => undefined);
      await withAdmin((admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
