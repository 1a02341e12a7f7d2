import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EusurveyMigrationReport } from '@lmp/contracts';
import { startHarness, type Harness } from './support/licences-harness';
import { EXAMPLE_FILE, tableCounts } from './eusurvey-support';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The command as an operator of the platform runs it (the npm script's command), against the suite's database. */
async function migrateEusurvey(databaseUrl: string, args: string[]) {
  return run(
    process.execPath,
    [path.join(ROOT, 'node_modules', '.bin', 'tsx'), 'src/entry-points/cli/migrate-eusurvey.ts', ...args],
    {
      cwd: path.join(ROOT, 'services', 'licences'),
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

// Each run starts a process (tsx compiles the command first): seconds each on a busy machine.
jest.setTimeout(120_000);

describe('migrate-eusurvey (the command)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('runs the same migration as the API: dry run first, then the run, then a re-run that changes nothing', async () => {
    const url = h.database.urlFor('licences');
    const before = await tableCounts(h.db);

    const dry = await migrateEusurvey(url, [EXAMPLE_FILE, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^DRY RUN: nothing written/);
    expect(dry.stdout).toContain('would-create 28, duplicate-in-file 1, invalid 1');
    expect(dry.stdout).toMatch(/row 18\tduplicate-in-file\t.*first on row 12/);
    expect(await tableCounts(h.db)).toEqual(before);

    const real = await migrateEusurvey(url, [EXAMPLE_FILE, '--json']);
    expect(real.code).toBe(0);
    const report = JSON.parse(real.stdout) as EusurveyMigrationReport;
    expect(report.totals).toMatchObject({
      licences: 28,
      companies: { created: 6 },
      users: { provisioned: 7 },
    });
    const runs = await h.commission().get('/migrations/eusurvey');
    expect(runs.body.runs).toEqual([
      expect.objectContaining({
        id: report.runId,
        fileName: 'eusurvey-example.csv',
        runBy: { id: expect.stringMatching(/^cli:/), name: expect.any(String) },
      }),
    ]);

    const again = await migrateEusurvey(url, [EXAMPLE_FILE]);
    expect(again.stdout).toMatch(/^nothing to migrate: nothing written/);
    expect(again.stdout).toContain('already-migrated 28');
  });

  it('exits 1 naming the problem when the file is refused, and 2 on a usage error', async () => {
    const url = h.database.urlFor('licences');

    const refused = await migrateEusurvey(url, [
      path.join(ROOT, 'services', 'licences', 'prisma', 'schema.prisma'),
    ]);
    const usage = await migrateEusurvey(url, []);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('must be a .csv, .xlsx or .json file');
    expect(usage.code).toBe(2);
  });
});
