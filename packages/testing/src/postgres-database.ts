// A fresh, migrated Postgres database per test suite, in about a tenth of a second.
//
// The migrations of a set of services are applied once to a template database named after a
// hash of their content (`lmp_tpl_<hash>`); each suite then gets `CREATE DATABASE lmp_test_…
// TEMPLATE lmp_tpl_<hash>`, a copy with the same schemas, tables, owners and grants.
// Advisory locks (on the admin URL's database) keep parallel Jest workers from building the same
// template twice or cloning one while it is rebuilt or dropped.
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import {
  DEFAULT_ADMIN_URL,
  findRepoRoot,
  locateService,
  migrateService,
  migrationsContentHash,
  quoteIdent,
  serviceDatabaseUrl,
  setServiceSearchPath,
  withAdvisoryLock,
  withClient,
} from '@lmp/db';

export interface TestDatabase {
  /** e.g. `lmp_test_mf3k2a1b_9c0d3e4f`. */
  database: string;
  adminUrl: string;
  /** The connection string of `service`'s own role (lmp_<service>) on this database. */
  urlFor(service: string): string;
  /** Drops the database, closing whatever connections are still open. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Services whose migrations the database gets, e.g. ['licences']. */
  services: string[];
  /** Folder holding services/<name>/prisma; defaults to the workspace root. */
  repoRoot?: string;
  /** A superuser URL of the server to use, e.g. a throwaway cluster's; default testAdminUrl(). */
  adminUrl?: string;
}

const TEST_PREFIX = 'lmp_test_';
const TEMPLATE_PREFIX = 'lmp_tpl_';
const SHADOW_PREFIX = 'lmp_shadow_';

/**
 * Seam: where the admin connection comes from. Tests use DATABASE_ADMIN_URL (default: the local
 * server, trust auth). Where no URL is given and a Docker engine answers, this is the place to
 * start a server with testcontainers (`new PostgreSqlContainer('postgres:16').start()`) and return
 * its URL; these machines have no Docker engine, so that is not wired in.
 */
export function testAdminUrl(): string {
  return process.env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? testAdminUrl();
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const services = [...new Set(options.services)].sort();
  if (!services.length) throw new Error('createTestDatabase needs at least one service');
  const locations = services.map((service) => locateService(repoRoot, service));
  const template = `${TEMPLATE_PREFIX}${migrationsContentHash(locations).slice(0, 16)}`;
  const database = `${TEST_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

  if (!staleCleanups.has(adminUrl)) {
    staleCleanups.set(
      adminUrl,
      dropStaleTestDatabases({ adminUrl }).catch(() => []),
    );
  }
  await staleCleanups.get(adminUrl);
  await withClient(adminUrl, async (admin) => {
    const lock = templateLock(template);
    await withAdvisoryLock(admin, lock, async () => {
      if (await isTemplateReady(admin, template)) return;
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
      for (const { service, serviceDir } of locations) {
        await migrateService({ adminUrl, database: template, service, serviceDir });
      }
      // Ready = no longer accepts connections (CREATE DATABASE … TEMPLATE needs none open).
      await admin.query(
        `COMMENT ON DATABASE ${quoteIdent(template)} IS 'lmp test template, built ${Date.now()}'`,
      );
      await admin.query(`ALTER DATABASE ${quoteIdent(template)} WITH ALLOW_CONNECTIONS false`);
    });
    await withAdvisoryLock(
      admin,
      lock,
      () => admin.query(`CREATE DATABASE ${quoteIdent(database)} TEMPLATE ${quoteIdent(template)}`),
      'shared',
    );
  });
  // Role settings per database are not part of what a template copies.
  for (const service of services) await setServiceSearchPath({ adminUrl, database, service });

  let dropped = false;
  return {
    database,
    adminUrl,
    urlFor(service) {
      if (!services.includes(service)) {
        throw new Error(`test database ${database} was made for ${services.join(', ')}, not "${service}"`);
      }
      return serviceDatabaseUrl({ adminUrl, database, service });
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
      );
    },
  };
}

/** Once per test file and server. */
const staleCleanups = new Map<string, Promise<unknown>>();

export interface DropStaleOptions {
  adminUrl?: string;
  /** Suite databases older than this are dropped (a suite that crashed never dropped its own). Default 3 hours. */
  testMaxAgeMs?: number;
  /** Templates are rebuilt after this, so those of old migrations do not pile up. Default 1 day. */
  templateMaxAgeMs?: number;
}

/** Drops leftover test, template and shadow databases; returns their names. Runs once per test file on its own. */
export async function dropStaleTestDatabases(options: DropStaleOptions = {}): Promise<string[]> {
  const adminUrl = options.adminUrl ?? testAdminUrl();
  const testMaxAge = options.testMaxAgeMs ?? 3 * 60 * 60 * 1000;
  const templateMaxAge = options.templateMaxAgeMs ?? 24 * 60 * 60 * 1000;
  const now = Date.now();
  return withClient(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database
        WHERE datname LIKE 'lmp\\_test\\_%' OR datname LIKE 'lmp\\_tpl\\_%' OR datname LIKE 'lmp\\_shadow\\_%'`,
    );
    const dropped: string[] = [];
    for (const { datname, comment } of rows) {
      if (datname.startsWith(TEMPLATE_PREFIX)) {
        const built = Number(/built (\d+)/.exec(comment ?? '')?.[1] ?? 0);
        if (now - built < templateMaxAge) continue;
        // Skip a template another process is building or cloning right now.
        const { rows: got } = await admin.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1)) AS ok',
          [templateLock(datname)],
        );
        if (!got[0]?.ok) continue;
        try {
          await dropDatabase(admin, datname, dropped);
        } finally {
          await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [templateLock(datname)]);
        }
      } else {
        const created = parseInt(datname.split('_')[2] ?? '', 36);
        const maxAge = datname.startsWith(SHADOW_PREFIX) ? 60 * 60 * 1000 : testMaxAge;
        if (Number.isFinite(created) && now - created > maxAge) await dropDatabase(admin, datname, dropped);
      }
    }
    return dropped;
  });
}

async function dropDatabase(admin: Client, name: string, dropped: string[]): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).then(
    () => dropped.push(name),
    () => undefined, // another process dropped it, or it is busy: next time
  );
}

async function isTemplateReady(admin: Client, template: string): Promise<boolean> {
  const { rows } = await admin.query<{ datallowconn: boolean }>(
    'SELECT datallowconn FROM pg_database WHERE datname = $1',
    [template],
  );
  return rows.length === 1 && rows[0]!.datallowconn === false;
}

function templateLock(template: string): string {
  return `lmp:test-template:${template}`;
}
