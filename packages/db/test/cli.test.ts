import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { createMigration } from '../src';
import { main } from '../src/cli';
import {
  adminUrl,
  copyOfFixtureService,
  dropDatabases,
  fixtureServiceDir,
  fixturesRoot,
  uniqueDatabaseName,
} from './support';

const exec = promisify(execFile);

async function run(argv: string[], options: { database: string; cwd?: string }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { DATABASE_ADMIN_URL: adminUrl, DATABASE_NAME: options.database },
    cwd: options.cwd ?? fixturesRoot,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lmp-migrate', () => {
  const database = uniqueDatabaseName();
  afterAll(() => dropDatabases([database]));
  const repoRoot = ['--repo-root', fixturesRoot];

  it('deploy --all migrates every service found under services/*/prisma', async () => {
    const result = await run(['deploy', '--all', ...repoRoot], { database });

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('licences: applied 1 migration(s):\n  20260101000000_init');
    expect(result.out).toContain('transmissions: applied 1 migration(s):\n  20260101000001_init');
  });

  it('deploy --service is a no-op when nothing is pending', async () => {
    const result = await run(['deploy', '--service', 'licences', ...repoRoot], { database });

    expect(result).toMatchObject({
      code: 0,
      out: expect.stringContaining('licences: up to date, nothing to apply'),
    });
  });

  it('status exits 0 when up to date and 1 when migrations are pending', async () => {
    expect(await run(['status', '--all', ...repoRoot], { database })).toMatchObject({ code: 0 });

    const elsewhere = await run(['status', '--service', 'licences', ...repoRoot], {
      database: uniqueDatabaseName(),
    });
    expect(elsewhere).toMatchObject({
      code: 1,
      out: expect.stringContaining('pending:\n    20260101000000_init'),
    });
  });

  it('takes the service from the folder it runs in', async () => {
    const result = await run(['status', ...repoRoot], { database, cwd: fixtureServiceDir('transmissions') });

    expect(result.out).toMatch(/^transmissions .* up to date/);
  });

  it('schema prints schema.prisma with the bus tables rendered for the service, as one file', async () => {
    const result = await run(['schema', '--service', 'transmissions', ...repoRoot], { database });

    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^\/\/ Test fixture[\s\S]*model Batch \{[\s\S]*\/\/ ---- included from \S+\/bus\/prisma\/bus-tables\.prisma, rendered for schema "transmissions"[\s\S]*model OutboxEvent \{/,
    );
    expect(result.out).not.toContain('__SCHEMA__');
    // Valid on its own and still matching the migrations: what stock Prisma tools can read.
    const copy = copyOfFixtureService('transmissions');
    writeFileSync(path.join(copy, 'prisma', 'schema.prisma'), result.out);
    expect(await createMigration({ serviceDir: copy, name: 'none', adminUrl })).toMatchObject({ sql: null });
  });

  it('names the services it knows when asked for another', async () => {
    const result = await run(['deploy', '--service', 'billing', ...repoRoot], { database });

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no service "billing".*\(found: licences, transmissions\)/);
  });

  it('explains its usage on a wrong command line', async () => {
    expect(await run(['create', '--service', 'licences', ...repoRoot], { database })).toMatchObject({
      code: 2,
      err: expect.stringContaining('create needs --name'),
    });
    expect(await run(['teleport'], { database })).toMatchObject({
      code: 2,
      err: expect.stringContaining('Usage:'),
    });
  });

  it('runs as an installed bin under Node 24', async () => {
    const bin = path.join(__dirname, '..', 'bin', 'lmp-migrate.js');

    const { stdout } = await exec(process.execPath, [bin, 'status', '--service', 'licences', ...repoRoot], {
      env: { ...process.env, DATABASE_ADMIN_URL: adminUrl, DATABASE_NAME: database },
    });

    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(stdout).toContain(`licences (database "${database}", schema "licences"): up to date`);
  });
});
