import { createLogger } from '@lmp/logger';
import { createPool } from '@lmp/service';
import { readConfig, snapshotSettings } from '../../config';
import { SCHEMA } from '../../data-access/database';
import { checkReadModel } from '../../domain/consistency/check-read-model.use-case';
import { rebuildReadModel } from '../../domain/consistency/rebuild-read-model.use-case';

const USAGE = 'usage: npm run -s read-model -w @lmp/reporting -- check|rebuild';

/** Exit codes: 0 done (check: no difference), 1 the check found differences, 2 it could not run. */
export async function runReadModelCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const command = argv[0];
  if (argv.length !== 1 || (command !== 'check' && command !== 'rebuild')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = readConfig(env);
  const source = snapshotSettings(config);
  // Logs go to stderr: stdout is the report, JSON a script can read.
  const logger = createLogger({ name: 'reporting-read-model', level: config.LOG_LEVEL }, process.stderr);
  const db = createPool({ url: config.DATABASE_URL, max: 2, schema: SCHEMA, service: 'reporting', logger });
  try {
    if (command === 'check') {
      const report = await checkReadModel({ db, source });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.consistent ? 0 : 1;
    }
    const result = await rebuildReadModel({ db, source });
    process.stdout.write(`${JSON.stringify({ rebuilt: result }, null, 2)}\n`);
    return 0;
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  runReadModelCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`read-model: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
