import { ZTimelineQuery, type Timeline } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { timelineRows } from '../../data-access/timeline.repository';

/** GET /reports/timeline?interval=week|month: submissions, decisions and the open backlog per period. */
export async function getTimeline({ db, query }: { db: Db; query: unknown }): Promise<Timeline> {
  const { interval, ...filters } = parseOrThrow(ZTimelineQuery, query);
  const rows = await timelineRows(db, interval, filters);
  return {
    interval,
    rows: rows.map((r) => ({
      period: r.period,
      submitted: r.submitted,
      decided: r.granted + r.refused,
      granted: r.granted,
      refused: r.refused,
      pendingAtEnd: r.pending_at_end,
    })),
  };
}
