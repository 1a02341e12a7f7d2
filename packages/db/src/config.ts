// Every setting comes from the environment with a development default (see README).

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_DATABASE_NAME = 'lmp';

type Env = Record<string, string | undefined>;

/** A superuser-ish connection (CREATEDB, CREATEROLE) used only to set up databases, roles and schemas. */
export function adminUrlFromEnv(env: Env = process.env): string {
  return env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
}

/** The one database every service's schema lives in. */
export function databaseNameFromEnv(env: Env = process.env): string {
  return env.DATABASE_NAME || DEFAULT_DATABASE_NAME;
}

/**
 * The password of a service's role, from `LMP_DB_PASSWORD_<SERVICE>` (e.g. LMP_DB_PASSWORD_LICENCES).
 * Local Postgres trusts loopback connections, so none is needed there; production must set one.
 */
export function servicePasswordFromEnv(service: string, env: Env = process.env): string | undefined {
  return env[`LMP_DB_PASSWORD_${service.toUpperCase()}`] || undefined;
}
