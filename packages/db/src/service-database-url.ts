import { servicePasswordFromEnv } from './config';
import { assertDatabaseName, serviceRoleName } from './names';

export interface ServiceDatabaseUrlOptions {
  /** Gives the server address and connection options (sslmode…); its user and password are replaced. */
  adminUrl: string;
  database: string;
  service: string;
  /** Defaults to LMP_DB_PASSWORD_<SERVICE>; none when unset (trust auth in development). */
  password?: string;
}

/** The connection string a service uses: its own role (`lmp_<service>`) on the shared database. */
export function serviceDatabaseUrl({
  adminUrl,
  database,
  service,
  password,
}: ServiceDatabaseUrlOptions): string {
  assertDatabaseName(database);
  const url = new URL(adminUrl);
  url.username = serviceRoleName(service);
  url.password = password ?? servicePasswordFromEnv(service) ?? '';
  url.pathname = `/${database}`;
  return url.toString();
}
