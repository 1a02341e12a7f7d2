import type { AnyEnvelope } from '@lmp/contracts';
import { schemaFragmentSql } from '@lmp/db';
import { appendToOutbox } from '../../src';
import { randomBytes } from 'node:crypto';
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

const tablesSql = new Map<string, Promise<string>>();

/**
 * The bus's tables exactly as a service's migration creates them: rendered from their one
 * definition, prisma/bus-tables.prisma, by the schema engine lmp-migrate uses (CREATE SCHEMA
 * included). Once per schema and test file. Run it as an admin on an empty database.
 */
export function busTablesSql(schema: string): Promise<string> {
  let sql = tablesSql.get(schema);
  if (!sql) {
    const fragment = join(__dirname, '../../prisma/bus-tables.prisma');
    sql = schemaFragmentSql({ fragment, schema, adminUrl: adminUrl() });
    tablesSql.set(schema, sql);
  }
  return sql;
}

/** A fresh database with the outbox and processed-events tables in `schema`, dropped at the end. */
export async function createTestDatabase(schema = 'svc'): Promise<TestDatabase> {
  const name = `bus_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 20 });
  pool.on('error', () => undefined); // idle clients killed by the tests themselves
  await pool.query(await busTablesSql(schema));
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
    await appendToOutbox(client, events, { schema: db.schema, notify: true });
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
