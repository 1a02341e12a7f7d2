import type {
  Breakdown,
  ReportDimension,
  ReportFigures,
  ReportFilters,
  ReportInterval,
  ReportSummary,
  Timeline,
} from '@lmp/contracts';
import { addDays, daysFrom } from './ground-truth-random';
import { isDecided, type LicenceFinal } from './ground-truth-data';

/**
 * The dashboard's figures computed in the test from the data it generated, by the definitions the
 * API documents (packages/contracts/src/api/report.schema.ts, ../shared/API.md), never by calling
 * reporting's code:
 * - decided = granted or refused; open = pending or processing; approval rate = granted / decided;
 * - days to decision = decisionDate − applicationDate; median and p90 are continuous percentiles
 *   (linear interpolation between the two nearest ranks, as PostgreSQL's percentile_cont),
 *   rounded to one decimal; null when nothing is decided;
 * - stale = open, transmitted at least once, no status change for 14 days;
 * - filters from/to are the submission date in Europe/Brussels, both inclusive;
 * - the timeline: weeks start on Monday; submitted by submission date, decided by decision date;
 *   open at the end of a period = submitted by then and not decided by then; every period from the
 *   first to the last one with anything in it (or from/to when given) is listed.
 */

/** One licence as the test knows it: its final fields, its company's, and what happened to it. */
export interface KnownLicence extends LicenceFinal {
  submittedOn: string;
  memberState: string;
  sme: boolean;
  transmissions: number;
  /** When its status last changed (its registration if never). */
  statusChangedAt: Date;
}

const STALE_DAYS = 14;
const DAY_MS = 86_400_000;

/** The Brussels calendar date of an instant, YYYY-MM-DD. */
export function brusselsDate(instant: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(instant));
}

/** The continuous percentile `fraction` of sorted numbers (PostgreSQL's percentile_cont). */
export function percentileCont(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = fraction * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const isOpen = (l: KnownLicence) => l.status === 'pending' || l.status === 'processing';
const count = (ls: KnownLicence[], test: (l: KnownLicence) => boolean) => ls.filter(test).length;

export function expectedFigures(ls: KnownLicence[], now: Date): ReportFigures {
  const staleBefore = now.getTime() - STALE_DAYS * DAY_MS;
  const granted = count(ls, (l) => l.status === 'granted');
  const refused = count(ls, (l) => l.status === 'refused');
  const days = ls
    .filter((l) => isDecided(l.status) && l.decisionDate !== null)
    .map((l) => daysFrom(l.applicationDate, l.decisionDate!))
    .sort((a, b) => a - b);
  return {
    total: ls.length,
    byStatus: {
      pending: count(ls, (l) => l.status === 'pending'),
      processing: count(ls, (l) => l.status === 'processing'),
      granted,
      refused,
    },
    approvalRate: granted + refused === 0 ? null : granted / (granted + refused),
    urgentPending: count(ls, (l) => l.urgent && isOpen(l)),
    stalePending: count(
      ls,
      (l) => isOpen(l) && l.transmissions > 0 && l.statusChangedAt.getTime() <= staleBefore,
    ),
    medianDaysToDecision: oneDecimal(percentileCont(days, 0.5)),
    p90DaysToDecision: oneDecimal(percentileCont(days, 0.9)),
    transmittedAtLeastOnce: count(ls, (l) => l.transmissions > 0),
    generalLicences: count(ls, (l) => l.licenceType === 'general'),
  };
}

export function applyFilters(ls: KnownLicence[], f: ReportFilters): KnownLicence[] {
  return ls.filter(
    (l) =>
      (f.from === undefined || l.submittedOn >= f.from) &&
      (f.to === undefined || l.submittedOn <= f.to) &&
      (f.sector === undefined || l.sector === f.sector) &&
      (f.memberState === undefined || l.memberState === f.memberState) &&
      (f.element === undefined || l.elements.includes(f.element)) &&
      (f.licenceType === undefined || l.licenceType === f.licenceType) &&
      (f.urgent === undefined || l.urgent === f.urgent) &&
      (f.sme === undefined || l.sme === f.sme),
  );
}

export function expectedSummary(ls: KnownLicence[], now: Date, lastBatchAt: string | null): ReportSummary {
  return {
    ...expectedFigures(ls, now),
    lastBatchAt,
    byLicenceType: {
      individual: expectedFigures(
        ls.filter((l) => l.licenceType === 'individual'),
        now,
      ),
      general: expectedFigures(
        ls.filter((l) => l.licenceType === 'general'),
        now,
      ),
    },
  };
}

/** The values a licence counts under in a dimension (one per element for `element`). */
export function keysOf(l: KnownLicence, by: ReportDimension): string[] {
  switch (by) {
    case 'element':
      return l.elements;
    case 'sme':
      return [String(l.sme)];
    case 'exporter':
      return [l.exporter];
    default:
      return [l[by]];
  }
}

/** Breakdown rows by key (the API's order is checked apart: most licences first). */
export function expectedBreakdown(
  ls: KnownLicence[],
  by: ReportDimension,
  now: Date,
): Record<string, Breakdown['rows'][number]> {
  const groups = new Map<string, KnownLicence[]>();
  for (const l of ls) {
    for (const key of keysOf(l, by)) groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return Object.fromEntries(
    [...groups].map(([key, group]) => [key, { key, ...expectedFigures(group, now) }]),
  );
}

/** The first day of the period holding `date`: a Monday, or the first of the month. */
export function periodOf(date: string, interval: ReportInterval): string {
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

function nextPeriod(period: string, interval: ReportInterval): string {
  if (interval === 'week') return addDays(period, 7);
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

export function expectedTimeline(ls: KnownLicence[], interval: ReportInterval, f: ReportFilters): Timeline {
  const decided = ls.filter((l) => isDecided(l.status) && l.decisionDate !== null);
  const submittedIn = ls.map((l) => periodOf(l.submittedOn, interval));
  const decidedIn = decided.map((l) => periodOf(l.decisionDate!, interval));
  // A licence stops being open in the period of the later of its submission and its decision.
  const closedIn = decided.map((l) =>
    periodOf(l.submittedOn > l.decisionDate! ? l.submittedOn : l.decisionDate!, interval),
  );
  const seen = [...submittedIn, ...decidedIn].sort();
  const first = f.from ? periodOf(f.from, interval) : seen[0];
  const last = f.to ? periodOf(f.to, interval) : seen[seen.length - 1];
  const rows: Timeline['rows'] = [];
  if (first === undefined || last === undefined) return { interval, rows };
  for (let p = first; p <= last; p = nextPeriod(p, interval)) {
    const granted = decided.filter((l, i) => decidedIn[i] === p && l.status === 'granted').length;
    const refused = decided.filter((l, i) => decidedIn[i] === p && l.status === 'refused').length;
    rows.push({
      period: p,
      submitted: submittedIn.filter((s) => s === p).length,
      decided: granted + refused,
      granted,
      refused,
      pendingAtEnd: submittedIn.filter((s) => s <= p).length - closedIn.filter((c) => c <= p).length,
    });
  }
  return { interval, rows };
}
