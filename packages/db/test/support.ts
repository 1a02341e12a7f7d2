// Helpers shared by this package's tests: unique database names (suites run in parallel with
// other packages' suites on the same server) and the fixture services.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

/** A new service's folder: only prisma/schema.prisma, with a generator, a datasource and `models`. */
export function newService(service: string, models: string, previewFeatures = '["partialIndexes"]'): string {
  const serviceDir = path.join(mkdtempSync(path.join(tmpdir(), 'lmp-db-test-')), service);
  mkdirSync(path.join(serviceDir, 'prisma'), { recursive: true });
  writeFileSync(
    path.join(serviceDir, 'prisma', 'schema.prisma'),
    [
      `generator client {\n  provider        = "prisma-client"\n  previewFeatures = ${previewFeatures}\n}`,
      `datasource db {\n  provider = "postgresql"\n  schemas  = ["${service}"]\n}`,
      models,
    ].join('\n\n'),
  );
  return serviceDir;
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
