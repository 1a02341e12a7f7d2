// npm run -s migrate-eusurvey -w @lmp/licences -- <file> [--dry-run] [--json]
// The EU Survey migration for the platform's operators, exactly as POST /migrations/eusurvey runs
// it (docs/eusurvey-migration.md), against the database of DATABASE_URL. Events go to the outbox;
// a running licences service's relay publishes them.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EusurveyMigrationReport } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import { createLogger } from '@lmp/logger';
import { createPool, usePlatformTypeParsers } from '@lmp/service';
import { readConfig } from '../../config';
import { SCHEMA } from '../../data-access/database';
import {
  runEusurveyMigration,
  type MigrationUpload,
} from '../../domain/eusurvey-migration/run-eusurvey-migration.use-case';

const USAGE = `Usage: migrate-eusurvey <file.csv|file.xlsx|file.json> [--dry-run] [--json]
  --dry-run   check every row and print the report; write nothing
  --json      print the report as JSON (default: a summary and one line per row)
Exit: 0 done (see the report for invalid rows), 1 the file or the database refused it, 2 usage.`;

type Out = (line: string) => void;

function uploadOf(file: string): MigrationUpload {
  const bytes = readFileSync(file);
  const extension = path.extname(file).toLowerCase();
  const fileName = path.basename(file);
  if (extension === '.csv') return { file: bytes, format: 'csv', fileName };
  if (extension === '.xlsx') return { file: bytes, format: 'xlsx', fileName };
  if (extension === '.json') return { json: { fileName, ...JSON.parse(bytes.toString('utf8')) } };
  throw new Error(`${fileName}: the export must be a .csv, .xlsx or .json file`);
}

/** The report as the operator reads it at a terminal. */
export function printReport(report: EusurveyMigrationReport, out: Out): void {
  const { totals } = report;
  out(
    `${report.dryRun ? 'DRY RUN: nothing written' : report.runId ? `run ${report.runId}` : 'nothing to migrate: nothing written'}`,
  );
  out(`file sha256 ${report.fileSha256}`);
  out(
    `rows ${totals.rows}, respondents ${totals.respondents}; ` +
      Object.entries(totals.outcomes)
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(', '),
  );
  out(
    `companies created ${totals.companies.created}, found ${totals.companies.found}; ` +
      `users pre-provisioned ${totals.users.provisioned}, existing ${totals.users.existing}; licences ${totals.licences}`,
  );
  for (const r of report.rows) {
    const errors = (r.errors ?? []).map((e) => `${e.field} ${e.message}`).join('; ');
    out(
      `row ${r.row}\t${r.outcome}\t${r.respondentEmail ?? '-'}\t${r.licenceNumber ?? '-'}${errors ? `\t${errors}` : ''}`,
    );
  }
}

export async function main(
  argv: string[],
  io: { out?: Out; err?: Out; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const out = io.out ?? ((line) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line) => process.stderr.write(`${line}\n`));
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    out(USAGE);
    return 0;
  }
  if (args.positionals.length !== 1) {
    err(USAGE);
    return 2;
  }
  const config = readConfig(io.env ?? process.env);
  usePlatformTypeParsers();
  const logger = createLogger({ name: 'migrate-eusurvey', level: 'silent' });
  const db = createPool({
    url: config.DATABASE_URL,
    max: 2,
    schema: SCHEMA,
    service: 'licences-migrate-eusurvey',
    logger,
  });
  const operator = `cli:${os.userInfo().username}`;
  try {
    const report = await runEusurveyMigration({
      db,
      // No relay here: the running service's relay polls the outbox and publishes the events.
      outbox: { written: () => undefined, close: async () => undefined },
      runner: { id: operator, name: `${operator} (migrate-eusurvey)`, eventActor: 'system' },
      upload: uploadOf(args.positionals[0]!),
      query: { dryRun: args.values['dry-run'] ? 'true' : 'false' },
    });
    if (args.values.json) out(JSON.stringify(report, null, 2));
    else printReport(report, out);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      err(`${error.message}`);
      for (const e of error.errors ?? []) {
        err(`  ${e.field}: ${e.message}`);
      }
    } else err((error as Error).message);
    return 1;
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
