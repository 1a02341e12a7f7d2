import type { ReportDimension, ReportFilters, ReportInterval, ShareableDimension } from '@lmp/contracts';
import { noDayOf } from './index-columns';
import {
  byTotalThenKey,
  dateOfDay,
  dayNumber,
  dimensionOf,
  FiguresTally,
  filterOf,
  passes,
  scan,
} from './index-scan';
import { KEY_FIELDS, ROW_DECIDED, ROW_STATUS, type LicenceIndex } from './licence-index';

const DECIDED = ROW_DECIDED; // module-local: an imported binding is a getter, too slow per row
const STATUS = ROW_STATUS;
// byStatus position + 1 (LICENCE_STATUSES: pending, processing, granted, refused)
const PENDING = 1;
const PROCESSING = 2;
const GRANTED = 3;
const REFUSED = 4;
import type { ExporterRow, FiguresRow, ShareableCounts, TimelineRow } from './report.types';

/** The figures of all filtered licences and of each licence type. */
export function summaryOf(ix: LicenceIndex, filters: ReportFilters, staleBeforeMs: number) {
  const m = filterOf(ix, filters);
  const types = ix.dict.licenceType;
  const tally = new FiguresTally(ix, types.size + 1, staleBeforeMs);
  const all = types.size;
  if (m) tally.scan(m, { codes: ix.filterKey, ...KEY_FIELDS.licenceType });
  const byType: Record<string, FiguresRow> = {};
  for (let g = 0; g < types.size; g++) {
    tally.merge(g, all);
    if (tally.total(g)) byType[types.values[g] ?? ''] = tally.figures(g);
  }
  return { all: tally.total(all) ? tally.figures(all) : undefined, byType };
}

/** The figures of each value of a dimension, most licences first. */
export function breakdownOf(
  ix: LicenceIndex,
  by: ReportDimension,
  filters: ReportFilters,
  staleBeforeMs: number,
): (FiguresRow & { key: string | null })[] {
  const m = filterOf(ix, filters);
  const { by: grouping, dict } = dimensionOf(ix, by);
  const tally = new FiguresTally(ix, dict.size, staleBeforeMs);
  if (m) tally.scan(m, grouping ?? 'element');
  const rows: (FiguresRow & { key: string | null })[] = [];
  for (let g = 0; g < dict.size; g++) {
    if (tally.total(g)) rows.push({ key: dict.values[g] ?? null, ...tally.figures(g) });
  }
  return rows.sort(byTotalThenKey);
}

/** The Chinese exporters of the filtered licences, most licences first; the highest credit code named. */
export function exportersOf(ix: LicenceIndex, filters: ReportFilters, limit: number): ExporterRow[] {
  const rows = breakdownOf(ix, 'exporter', filters, -Infinity).slice(0, limit);
  const wanted = new Map(rows.map((r, i) => [r.key === null ? 0 : ix.dict.exporter.find(r.key), i]));
  const codes = ix.dict.creditCode.values;
  const best: (string | null)[] = rows.map(() => null);
  const m = filterOf(ix, filters);
  if (m) {
    scan(ix, m, 'exporter', (g, s) => {
      const i = wanted.get(g);
      const code = codes[ix.creditCode[s]!] ?? null;
      if (i === undefined || code === null) return;
      const current = best[i]!;
      if (current === null || code > current) best[i] = code;
    });
  }
  return rows.map((r, i) => ({
    exporter: r.key as string,
    credit_code: best[i]!,
    licences: r.total,
    pending: r.pending + r.processing,
    granted: r.granted,
    refused: r.refused,
    median_days: r.median_days,
    general: r.general,
  }));
}

/** The first day of the week (Monday) or month of a day number. */
function periodStart(interval: ReportInterval, day: number): number {
  if (interval === 'week') return day - ((((day + 3) % 7) + 7) % 7);
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
}

function nextPeriod(interval: ReportInterval, start: number): number {
  if (interval === 'week') return start + 7;
  const d = new Date(start * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 86_400_000;
}

/**
 * Per period: licences submitted, decided (granted or refused, by decision date), and open at
 * its end. A licence is open at the end of a period when it was submitted by then and not decided
 * by then: it stops counting in the period of the later of its submission and its decision (a
 * licence may be registered after it was decided). Every period from the first to the last is
 * listed, empty ones as zeros; from/to bound the periods when given.
 */
export function timelineOf(
  ix: LicenceIndex,
  interval: ReportInterval,
  filters: ReportFilters,
): TimelineRow[] {
  const m = filterOf(ix, filters);
  const { minDay, maxDay } = ix.range;
  if (!m || minDay > maxDay) return [];
  // Per day first (one pass), then per period.
  const width = maxDay - minDay + 1;
  const submitted = new Int32Array(width);
  const granted = new Int32Array(width);
  const refused = new Int32Array(width);
  const closed = new Int32Array(width);
  const { facts, submittedDay, decisionDay } = ix;
  const noSubmission = noDayOf(submittedDay);
  const noDecision = noDayOf(decisionDay);
  const n = ix.length;
  for (let s = 0; s < n; s++) {
    if (!passes(m, s)) continue;
    const day = submittedDay[s]!;
    if (day !== noSubmission) submitted[day - minDay]!++;
    const f = facts[s]!;
    const decision = decisionDay[s]!;
    if ((f & DECIDED) !== 0 && decision !== noDecision) {
      ((f & STATUS) === GRANTED ? granted : refused)[decision - minDay]!++;
      closed[(day === noSubmission ? decision : Math.max(day, decision)) - minDay]!++;
    }
  }
  const used = (days: Int32Array[]) => {
    let first = -1;
    let last = -1;
    for (let d = 0; d < width; d++) {
      if (days.some((a) => a[d])) {
        if (first < 0) first = d;
        last = d;
      }
    }
    return first < 0 ? null : { first: first + minDay, last: last + minDay };
  };
  const span = used([submitted, granted, refused]);
  const lo = filters.from ? dayNumber(filters.from) : span?.first;
  const hi = filters.to ? dayNumber(filters.to) : span?.last;
  if (lo === undefined || hi === undefined) return [];
  const rows: TimelineRow[] = [];
  let open = 0;
  const sum = (a: Int32Array, from: number, to: number) => {
    let n = 0;
    for (let d = Math.max(from, minDay); d < Math.min(to, maxDay + 1); d++) n += a[d - minDay]!;
    return n;
  };
  for (let p = periodStart(interval, lo); p <= periodStart(interval, hi); p = nextPeriod(interval, p)) {
    const end = nextPeriod(interval, p);
    const row = {
      period: dateOfDay(p),
      submitted: sum(submitted, p, end),
      granted: sum(granted, p, end),
      refused: sum(refused, p, end),
    };
    open += row.submitted - sum(closed, p, end);
    rows.push({ ...row, pending_at_end: open });
  }
  return rows;
}

/** The period key of the licences without a submission day (below every day number). */
const NO_PERIOD = -(2 ** 31);

/** Counts per submission period and/or dimension value, before any suppression. */
export function shareableCountsOf(
  ix: LicenceIndex,
  by: ShareableDimension | undefined,
  interval: ReportInterval | undefined,
  filters: ReportFilters,
): ShareableCounts[] {
  const m = filterOf(ix, filters);
  if (!m) return [];
  const dict = by ? dimensionOf(ix, by).dict : null;
  const groups = dict?.size ?? 1;
  const cells = new Map<number, Int32Array>();
  const noSubmission = noDayOf(ix.submittedDay);
  scan(ix, m, by, (g, s) => {
    const day = ix.submittedDay[s]!;
    const period = interval && day !== noSubmission ? periodStart(interval, day) : NO_PERIOD;
    const key = (period - NO_PERIOD) * groups + g;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = new Int32Array(4)));
    const status = ix.facts[s]! & STATUS;
    cell[0]!++;
    if (status === PENDING || status === PROCESSING) cell[1]!++;
    else if (status === GRANTED) cell[2]!++;
    else if (status === REFUSED) cell[3]!++;
  });
  const rows = [...cells].map(([key, [total, open, grant, refuse]]) => {
    const period = Math.floor(key / groups) + NO_PERIOD;
    return {
      period: period === NO_PERIOD ? null : dateOfDay(period),
      key: dict ? (dict.values[key % groups] ?? null) : null,
      total: total!,
      pending: open!,
      granted: grant!,
      refused: refuse!,
    };
  });
  const text = (a: string | null, b: string | null, nullsFirst: boolean) =>
    a === b ? 0 : a === null ? (nullsFirst ? -1 : 1) : b === null ? (nullsFirst ? 1 : -1) : a < b ? -1 : 1;
  return rows.sort((a, b) => text(a.period, b.period, true) || text(a.key, b.key, false));
}
