// The outbox and processed-events tables have one definition, @lmp/bus's prisma/bus-tables.prisma.
// The bus's own tests create them with schemaFragmentSql; services get them through migrations
// lmp-migrate writes from the same file. Both must give the same tables, down to index names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import {
  createMigration,
  discoverServices,
  findRepoRoot,
  migrateService,
  quoteIdent,
  schemaFragmentSql,
  withClient,
  withDatabase,
} from '../src';
import { adminUrl, dropDatabases, newService, uniqueDatabaseName } from './support';

const BUS_TABLES = '@lmp/bus/prisma/bus-tables.prisma';
const SCHEMA = 'messaging';

describe('the bus tables', () => {
  const asBusTests = uniqueDatabaseName();
  const asService = uniqueDatabaseName();
  afterAll(() => dropDatabases([asBusTests, asService]));

  it('are the same whether the bus tests or a new service’s migration create them', async () => {
    // As packages/bus/test/support/test-database.ts makes them.
    const sql = await schemaFragmentSql({ fragment: BUS_TABLES, schema: SCHEMA, adminUrl });
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(asBusTests)}`));
    await withClient(withDatabase(adminUrl, asBusTests), (c) => c.query(sql));
    // As a new service that includes them gets them: `lmp-migrate create`, then `deploy`.
    const serviceDir = newService(SCHEMA, `// lmp-migrate: include ${BUS_TABLES}`);
    await createMigration({ serviceDir, name: 'init', adminUrl });
    await migrateService({ adminUrl, database: asService, service: SCHEMA, serviceDir });

    const fromBusTests = await withClient(withDatabase(adminUrl, asBusTests), describeBusTables);
    const fromMigration = await withClient(withDatabase(adminUrl, asService), describeBusTables);

    expect(fromBusTests).toEqual(fromMigration);
    expect(fromMigration.indexes).toEqual([
      {
        table: 'outbox_events',
        name: 'outbox_events_pending_idx',
        definition: `CREATE INDEX outbox_events_pending_idx ON ${SCHEMA}.outbox_events USING btree (attempts, created_at, id) WHERE (published_at IS NULL)`,
      },
      {
        table: 'outbox_events',
        name: 'outbox_events_pkey',
        definition: `CREATE UNIQUE INDEX outbox_events_pkey ON ${SCHEMA}.outbox_events USING btree (id)`,
      },
      {
        table: 'processed_events',
        name: 'processed_events_pkey',
        definition: `CREATE UNIQUE INDEX processed_events_pkey ON ${SCHEMA}.processed_events USING btree (consumer, event_id)`,
      },
    ]);
    expect(fromMigration.columns.map((c) => `${c.table}.${c.name}`)).toEqual([
      'outbox_events.id',
      'outbox_events.type',
      'outbox_events.payload',
      'outbox_events.created_at',
      'outbox_events.published_at',
      'outbox_events.attempts',
      'processed_events.consumer',
      'processed_events.event_id',
      'processed_events.processed_at',
    ]);
  });
});

/** Columns (type, nullability, default), constraints and indexes of the two tables in SCHEMA. */
async function describeBusTables(c: Client) {
  const tables = ['outbox_events', 'processed_events'];
  const columns = await c.query(
    `SELECT table_name AS table, column_name AS name, data_type AS type, datetime_precision AS precision,
            is_nullable AS nullable, column_default AS default
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = ANY($2)
      ORDER BY table_name, ordinal_position`,
    [SCHEMA, tables],
  );
  const constraints = await c.query(
    `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = ANY($2) ORDER BY 1, 2`,
    [SCHEMA, tables],
  );
  const indexes = await c.query(
    `SELECT tablename AS table, indexname AS name, indexdef AS definition
       FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) ORDER BY 1, 2`,
    [SCHEMA, tables],
  );
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows };
}

describe('services of this repository', () => {
  it('include the bus tables rather than typing them again', () => {
    const copies = discoverServices(findRepoRoot(__dirname)).filter(({ serviceDir }) =>
      /@@map\("(outbox_events|processed_events)"\)/.test(
        readFileSync(path.join(serviceDir, 'prisma', 'schema.prisma'), 'utf8'),
      ),
    );

    expect(copies.map((s) => s.service)).toEqual([]);
  });
});
