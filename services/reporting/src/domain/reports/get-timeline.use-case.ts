import { ZTimelineQuery, type Timeline } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { timelineOf } from './index-reports';
import type { ReportIndex } from './licence-index';

/** GET /reports/timeline?interval=week|month: submissions, decisions and the open backlog per period. */
export async function getTimeline({
  reports,
  query,
}: {
  reports: ReportIndex;
  query: unknown;
}): Promise<Timeline> {
  const { interval, ...filters } = parseOrThrow(ZTimelineQuery, query);
  const rows = timelineOf(await reports.current(), interval, filters);
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
