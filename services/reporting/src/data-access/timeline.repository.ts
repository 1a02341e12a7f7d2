import type { ReportFilters, ReportInterval, ShareableDimension } from '@lmp/contracts';
import type { ShareableCounts, TimelineRow } from '../domain/reports/report.types';
import type { Queryable } from './database';
import { DECIDED, dimensionSql, filterWhere, OPEN, SqlParams } from './report-sql';

const trunc = (interval: string, value: string) => `date_trunc(${interval}, (${value})::timestamp)::date`;

/**
 * Per period: licences submitted, decided (by decision date), and open at its end. A licence is
 * open at the end of a period when it was submitted by then and not decided by then: it stops
 * counting in the period of the later of its submission and its decision (a licence may be
 * registered after it was decided). Every period from the first to the last is listed, empty
 * ones as zeros; from/to bound the periods when given.
 */
export async function timelineRows(db: Queryable, interval: ReportInterval, filters: ReportFilters) {
  const p = new SqlParams();
  const i = p.add(interval);
  const where = filterWhere(filters, p);
  const lo = filters.from ? `${p.add(filters.from)}::date` : 'NULL::date';
  const hi = filters.to ? `${p.add(filters.to)}::date` : 'NULL::date';
  const { rows } = await db.query<TimelineRow>(
    `WITH f AS (SELECT l.submitted_on, l.status, l.decision_date,
                       ${DECIDED} AND l.decision_date IS NOT NULL AS decided
                  FROM licences l WHERE ${where}),
          s AS (SELECT ${trunc(i, 'submitted_on')} AS p, count(*) AS n FROM f GROUP BY 1),
          d AS (SELECT ${trunc(i, 'decision_date')} AS p,
                       count(*) FILTER (WHERE status = 'granted') AS g,
                       count(*) FILTER (WHERE status = 'refused') AS r
                  FROM f WHERE decided GROUP BY 1),
          c AS (SELECT ${trunc(i, 'GREATEST(submitted_on, decision_date)')} AS p, count(*) AS n
                  FROM f WHERE decided GROUP BY 1),
          bounds AS (SELECT ${trunc(i, `COALESCE(${lo}, LEAST((SELECT min(p) FROM s), (SELECT min(p) FROM d)))`)} AS lo,
                            ${trunc(i, `COALESCE(${hi}, GREATEST((SELECT max(p) FROM s), (SELECT max(p) FROM d)))`)} AS hi),
          periods AS (SELECT generate_series(lo::timestamp, hi::timestamp, ('1 ' || ${i})::interval)::date AS p
                        FROM bounds WHERE lo IS NOT NULL)
     SELECT to_char(periods.p, 'YYYY-MM-DD') AS period,
            COALESCE(s.n, 0)::int AS submitted,
            COALESCE(d.g, 0)::int AS granted,
            COALESCE(d.r, 0)::int AS refused,
            (SUM(COALESCE(s.n, 0)) OVER w - SUM(COALESCE(c.n, 0)) OVER w)::int AS pending_at_end
       FROM periods LEFT JOIN s USING (p) LEFT JOIN d USING (p) LEFT JOIN c USING (p)
     WINDOW w AS (ORDER BY periods.p)
      ORDER BY periods.p`,
    p.values,
  );
  return rows;
}

/** Counts per submission period and/or dimension value, before any suppression. */
export async function shareableCounts(
  db: Queryable,
  by: ShareableDimension | undefined,
  interval: ReportInterval | undefined,
  filters: ReportFilters,
): Promise<ShareableCounts[]> {
  const p = new SqlParams();
  const dimension = by ? dimensionSql(by) : { key: 'NULL::text', join: '' };
  const period = interval
    ? `to_char(${trunc(p.add(interval), 'l.submitted_on')}, 'YYYY-MM-DD')`
    : 'NULL::text';
  const { rows } = await db.query<ShareableCounts>(
    `SELECT ${period} AS period, ${dimension.key} AS key,
            count(*)::int AS total,
            count(*) FILTER (WHERE ${OPEN})::int AS pending,
            count(*) FILTER (WHERE l.status = 'granted')::int AS granted,
            count(*) FILTER (WHERE l.status = 'refused')::int AS refused
       FROM licences l ${dimension.join} WHERE ${filterWhere(filters, p)}
      GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS LAST`,
    p.values,
  );
  return rows;
}
