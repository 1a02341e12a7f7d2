import type { AnyEnvelope } from '@lmp/contracts';
import { appendToOutbox } from '../../src';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool, escapeIdentifier } from 'pg';

export interface TestDatabase {
  name: string;
  schema: string;
  pool: Pool;
  url: string;
  drop(): Promise<void>;
}

const adminUrl = () => process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh database with the outbox and processed-events tables in `schema`, dropped at the end. */
export async function createTestDatabase(schema = 'svc'): Promise<TestDatabase> {
  const name = `bus_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 20 });
  pool.on('error', () => undefined); // idle clients killed by the tests themselves
  const fixture = readFileSync(join(__dirname, '../fixtures/outbox-tables.sql'), 'utf8');
  await pool.query(fixture.replaceAll('__SCHEMA__', escapeIdentifier(schema)));
  return {
    name,
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

/** The state change and its events committed together, as a use case does it. */
export async function commitWithEvents(db: TestDatabase, events: AnyEnvelope[]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await appendToOutbox(client, events, { schema: db.schema });
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
