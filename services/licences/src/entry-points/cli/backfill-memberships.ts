import { createOutboxNotifier } from '@lmp/bus';
import { createLogger } from '@lmp/logger';
import { createPool } from '@lmp/service';
import { readConfig } from '../../config';
import { SCHEMA } from '../../data-access/database';
import { backfillMemberships } from '../../domain/colleagues/backfill-memberships.use-case';

/**
 * `npm run -s backfill-memberships -w @lmp/licences`: UserJoinedCompany (backfill) for every
 * existing membership, through the outbox (the running service publishes them). Safe to re-run.
 * Uses the service's own settings (DATABASE_URL).
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ name: 'licences-backfill', level: config.LOG_LEVEL });
  const db = createPool({
    url: config.DATABASE_URL,
    max: 2,
    schema: SCHEMA,
    service: 'licences-backfill',
    logger,
  });
  const outbox = createOutboxNotifier({ pool: db, schema: SCHEMA, logger });
  try {
    const { memberships, written } = await backfillMemberships({ db, outbox });
    process.stdout.write(
      `${JSON.stringify({ memberships, written, alreadyInOutbox: memberships - written })}\n`,
    );
  } finally {
    await outbox.close();
    await db.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`backfill-memberships: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
