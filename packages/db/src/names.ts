// Naming rules shared by the set-up, the migrate tool and the test helpers.

/** Service names become schema and role names, so they stay plain lowercase identifiers. */
export function assertServiceName(service: string): void {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(service)) {
    throw new Error(
      `invalid service name "${service}": use lowercase letters, digits and "_" (e.g. "licences")`,
    );
  }
}

export function assertDatabaseName(database: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`invalid database name "${database}": use lowercase letters, digits and "_"`);
  }
}

/** The login role a service connects as: it owns the service's schema and nothing else. */
export function serviceRoleName(service: string): string {
  assertServiceName(service);
  return `lmp_${service}`;
}

/** Each service keeps its tables in the schema named after it. */
export function serviceSchemaName(service: string): string {
  assertServiceName(service);
  return service;
}

/** The shared schema holding extensions every service may use (pg_trgm). */
export const EXTENSIONS_SCHEMA = 'extensions';

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The same server and credentials as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
