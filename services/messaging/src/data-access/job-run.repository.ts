import type { Queryable } from './database';

/**
 * Claims the job's run for a period in the caller's transaction: true for the one transaction
 * that inserts the row. Another replica's insert waits for that transaction and then finds the
 * row, so a period's run (and the mail it enqueues in the same transaction) happens once.
 */
export async function claimJobRun(tx: Queryable, job: string, periodKey: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'INSERT INTO job_runs (job, period_key) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [job, periodKey],
  );
  return rowCount === 1;
}

export async function recordJobMailCount(
  tx: Queryable,
  job: string,
  periodKey: string,
  count: number,
): Promise<void> {
  await tx.query('UPDATE job_runs SET mail_count = $3 WHERE job = $1 AND period_key = $2', [
    job,
    periodKey,
    count,
  ]);
}
