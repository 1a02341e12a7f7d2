// The role model: one database, one schema per service owned by the service's login role,
// which can use its own schema and the shared `extensions` schema and nothing else.
import type { Client } from 'pg';
import { withAdvisoryLock, withClient } from './admin-client';
import { servicePasswordFromEnv } from './config';
import {
  assertDatabaseName,
  EXTENSIONS_SCHEMA,
  quoteIdent,
  quoteLiteral,
  serviceRoleName,
  serviceSchemaName,
  withDatabase,
} from './names';

export interface ServiceSchemaOptions {
  adminUrl: string;
  database: string;
  service: string;
  /** Sets the role's password; defaults to LMP_DB_PASSWORD_<SERVICE>, none when unset. */
  password?: string;
}

export interface ServiceSchema {
  database: string;
  schema: string;
  role: string;
}

// Roles are cluster-wide and CREATE ROLE/GRANT race ("tuple concurrently updated"), so all set-up
// in a cluster is serialised under one key. It takes a few milliseconds.
const SETUP_LOCK = 'lmp:setup-service-schema';

/** Creates (if missing) the database, the role, the schema and the grants. Idempotent and safe to run in parallel. */
export async function setupServiceSchema(options: ServiceSchemaOptions): Promise<ServiceSchema> {
  const { adminUrl, database, service } = options;
  assertDatabaseName(database);
  const role = serviceRoleName(service);
  const schema = serviceSchemaName(service);
  const password = options.password ?? servicePasswordFromEnv(service);

  await withClient(adminUrl, (admin) =>
    withAdvisoryLock(admin, SETUP_LOCK, async () => {
      await ensureDatabase(admin, database);
      await ensureRole(admin, role, password);
      await withClient(withDatabase(adminUrl, database), async (db) => {
        const r = quoteIdent(role);
        const s = quoteIdent(schema);
        const x = quoteIdent(EXTENSIONS_SCHEMA);
        // Nobody creates (or uses) anything in public; every service has its own schema.
        await db.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${x}`);
        await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA ${x}`);
        await db.query(`GRANT USAGE ON SCHEMA ${x} TO ${r}`);
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${r}`);
        await db.query(`ALTER SCHEMA ${s} OWNER TO ${r}`);
        await db.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
        await setSearchPath(db, database, service);
      });
    }),
  );
  return { database, schema, role };
}

/**
 * `ALTER ROLE … IN DATABASE … SET search_path` is stored per database and is not copied by
 * CREATE DATABASE … TEMPLATE, so a cloned database needs it again.
 */
export async function setServiceSearchPath(options: Omit<ServiceSchemaOptions, 'password'>): Promise<void> {
  assertDatabaseName(options.database);
  await withClient(options.adminUrl, (admin) => setSearchPath(admin, options.database, options.service));
}

async function setSearchPath(client: Client, database: string, service: string): Promise<void> {
  const role = quoteIdent(serviceRoleName(service));
  const path = `${quoteIdent(serviceSchemaName(service))}, ${quoteIdent(EXTENSIONS_SCHEMA)}`;
  await client.query(`ALTER ROLE ${role} IN DATABASE ${quoteIdent(database)} SET search_path = ${path}`);
}

async function ensureDatabase(admin: Client, database: string): Promise<void> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount) return;
  await admin.query(`CREATE DATABASE ${quoteIdent(database)}`).catch(ignoreCode('42P04'));
}

async function ensureRole(admin: Client, role: string, password: string | undefined): Promise<void> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!rowCount) {
    await admin
      .query(`CREATE ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`)
      .catch(ignoreCode('42710'));
  }
  if (password) await admin.query(`ALTER ROLE ${quoteIdent(role)} PASSWORD ${quoteLiteral(password)}`);
}

/** Another process created it between our check and our CREATE: that is fine. */
function ignoreCode(code: string) {
  return (error: { code?: string }) => {
    if (error.code !== code) throw error;
  };
}
