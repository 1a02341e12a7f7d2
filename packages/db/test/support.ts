// Helpers shared by this package's tests: unique database names (suites run in parallel with
// other packages' suites on the same server) and the fixture services.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { adminUrlFromEnv, quoteIdent, withClient } from '../src';

export const adminUrl = adminUrlFromEnv();

/** Holds services/licences and services/transmissions, each with prisma/schema.prisma and migrations. */
export const fixturesRoot = path.join(__dirname, 'fixtures');

export function fixtureServiceDir(service: 'licences' | 'transmissions'): string {
  return path.join(fixturesRoot, 'services', service);
}

/** A copy of a fixture service in a temporary folder, for tests that write migrations. */
export function copyOfFixtureService(service: 'licences' | 'transmissions'): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'lmp-db-test-')), service);
  cpSync(fixtureServiceDir(service), dir, { recursive: true });
  return dir;
}

/** Named like createTestDatabase's databases, so a crashed run's leftovers are cleaned up the same way. */
export function uniqueDatabaseName(): string {
  return `lmp_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function dropDatabases(names: string[]): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** Runs `work` with one connection to `url`, closing it afterwards. */
export async function connectedAs<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  return withClient(url, work);
}
