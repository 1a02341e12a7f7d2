import type { ReportDimension, ReportFilters } from '@lmp/contracts';
import { cutOf, noDayOf, type CodeColumn, type DayColumn } from './index-columns';
import {
  KEY_FIELDS,
  KEY_SUBMITTED,
  ROW_GENERAL,
  ROW_OPEN,
  ROW_STATUS,
  ROW_TRANSMITTED,
  ROW_URGENT_OPEN,
  type Dictionary,
  type LicenceIndex,
} from './licence-index';
import type { FiguresRow } from './report.types';

// Module-local copies: an imported binding is a getter in the compiled module, too slow per row.
const STATUS = ROW_STATUS;
const OPEN = ROW_OPEN;
const URGENT_OPEN = ROW_URGENT_OPEN;
const TRANSMITTED_ = ROW_TRANSMITTED;
const GENERAL_ = ROW_GENERAL;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
export const dateOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The rule of every report's filters, compiled for the index: only licences whose
 * LicenceSubmitted has been applied, then each filter given (from/to on the Brussels submission
 * date, both inclusive; a licence matches `element` when it has that element among others).
 * Compiled to at most three tests per licence: its filterKey masked equals `value` (submitted,
 * urgent, sme, licence type, sector, member state: one mask-and-compare for any combination);
 * when dated, its submission day within from..to; when an element is asked for, its elements
 * holding that bit. null when no licence can match.
 */
export interface Filter {
  keys: Uint32Array;
  submittedDay: DayColumn;
  elements: CodeColumn;
  mask: number;
  value: number;
  /** Above the column's "no day", so a licence without a submission day never passes a date filter. */
  from: number;
  to: number;
  /** The element's bit; every bit when no element is asked for. */
  bit: number;
  /** Whether from/to or an element are asked for (when not, their arrays are not read). */
  dated: boolean;
  byElement: boolean;
}

export function filterOf(ix: LicenceIndex, f: ReportFilters): Filter | null {
  const code = (dict: Dictionary, value: string | undefined) => (value === undefined ? 0 : dict.find(value));
  const sector = code(ix.dict.sector, f.sector);
  const memberState = code(ix.dict.memberState, f.memberState);
  const licenceType = code(ix.dict.licenceType, f.licenceType);
  const element = code(ix.dict.element, f.element);
  const sme = f.sme === undefined ? 0 : ix.dict.sme.find(String(f.sme));
  if (sector < 0 || memberState < 0 || licenceType < 0 || element < 0 || sme < 0) return null;
  let mask = KEY_SUBMITTED;
  let value = KEY_SUBMITTED;
  const want = (given: boolean, { shift, bits }: { shift: number; bits: number }, code: number) => {
    if (!given) return;
    mask |= bits << shift;
    value |= code << shift;
  };
  want(f.urgent !== undefined, KEY_FIELDS.urgent, f.urgent ? 1 : 0);
  want(f.sme !== undefined, KEY_FIELDS.sme, sme);
  want(f.licenceType !== undefined, KEY_FIELDS.licenceType, licenceType);
  want(f.sector !== undefined, KEY_FIELDS.sector, sector);
  want(f.memberState !== undefined, KEY_FIELDS.memberState, memberState);
  const lowest = noDayOf(ix.submittedDay) + 1;
  return {
    keys: ix.filterKey,
    submittedDay: ix.submittedDay,
    elements: ix.elements,
    mask: mask >>> 0,
    value: value >>> 0,
    from: f.from ? Math.max(dayNumber(f.from), lowest) : lowest,
    to: f.to ? dayNumber(f.to) : 2 ** 31 - 1,
    bit: element ? (1 << (element - 1)) >>> 0 : 0xffffffff,
    dated: Boolean(f.from || f.to),
    byElement: element !== 0,
  };
}

/** Is licence slot `s` in the report? (Small and monomorphic: inlined into the scans.) */
export function passes(m: Filter, s: number): boolean {
  if ((m.keys[s]! & m.mask) !== m.value) return false; // both under 2^24
  if (m.dated) {
    const day = m.submittedDay[s]!;
    if (day < m.from || day > m.to) return false; // "no day" is below every from
  }
  return !m.byElement || (m.elements[s]! & m.bit) !== 0;
}

/**
 * A dimension's code of each slot: (codes[s] >>> shift) & bits, so that the dimensions packed in
 * filterKey are read from it (KEY_FIELDS) and the others from their own column (shift 0, every
 * bit); bits 0: everything is group 0.
 */
export interface Grouping {
  codes: Uint32Array | CodeColumn;
  shift: number;
  bits: number;
}

// Counters per group, in this order.
const TOTAL = 0;
const BY_STATUS = 1; // four: LICENCE_STATUSES order
const URGENT_PENDING = 5;
const STALE_PENDING = 6;
const TRANSMITTED = 7;
const GENERAL = 8;
const K = 9;
const HISTOGRAM_CELLS = 1 << 22;

/** One licence into a group's counters, from its facts (and whether it is stale now). */
function count(c: Int32Array, base: number, facts: number, stale: boolean): void {
  c[base + TOTAL]!++;
  const at = (facts & STATUS) - 1;
  if (at >= 0) c[base + BY_STATUS + at]!++;
  if (facts & URGENT_OPEN) c[base + URGENT_PENDING]!++;
  if (stale) c[base + STALE_PENDING]!++;
  if (facts & TRANSMITTED_) c[base + TRANSMITTED]!++;
  if (facts & GENERAL_) c[base + GENERAL]!++;
}

/**
 * The figures of groups of licences (ReportFigures; the per-licence rules are rowFacts'):
 * counts by status, urgent pending, stale pending (open, transmitted at least once, status
 * unchanged since `staleBeforeMs`), transmitted, general; median and p90 days to decision exact
 * (percentile_cont: linear between the two nearest ranks) from a histogram of whole days.
 */
export class FiguresTally {
  readonly counts: Int32Array;
  private readonly histogram: Int32Array | null;
  private readonly lists: number[][] | null;
  readonly minDays: number;
  readonly width: number;

  constructor(
    private readonly ix: LicenceIndex,
    readonly groups: number,
    readonly staleBeforeMs: number,
  ) {
    this.counts = new Int32Array(groups * K);
    this.minDays = ix.range.minDays;
    this.width = ix.range.maxDays - ix.range.minDays + 1;
    const cells = groups * this.width;
    this.histogram = cells <= HISTOGRAM_CELLS ? new Int32Array(cells) : null;
    this.lists = this.histogram ? null : Array.from({ length: groups }, () => []);
  }

  private addDays(g: number, days: number): void {
    if (this.histogram) this.histogram[g * this.width + days - this.minDays]!++;
    else this.lists![g]!.push(days);
  }

  /**
   * Counts every licence that passes the filter into its group (`by`), or into each element
   * it has (`by` = 'element': a licence with three elements counts once under each). One tight
   * loop over the typed arrays.
   */
  scan(m: Filter, by: Grouping | 'element'): this {
    const { facts, daysToDecision, statusChangedSecond, statusChangedMilli, elements } = this.ix;
    const n = this.ix.length;
    const c = this.counts;
    const none = noDayOf(daysToDecision);
    const { second: cutSecond, milli: cutMilli } = cutOf(this.staleBeforeMs);
    const stalable = OPEN | TRANSMITTED_;
    // Stale: open and transmitted, and its status unchanged since the cut-off (index-columns.ts, cutOf).
    const isStale = (f: number, s: number) => {
      if ((f & stalable) !== stalable) return false;
      const second = statusChangedSecond[s]!;
      return second < cutSecond || (second === cutSecond && statusChangedMilli[s]! <= cutMilli);
    };
    if (by === 'element') {
      for (let s = 0; s < n; s++) {
        if (!passes(m, s)) continue;
        const f = facts[s]!;
        const stale = isStale(f, s);
        const days = daysToDecision[s]!;
        // The set bits of its mask, lowest first: element code g is bit g - 1.
        for (let left = elements[s]!; left !== 0; left &= left - 1) {
          const g = 32 - Math.clz32(left & -left);
          count(c, g * K, f, stale);
          if (days !== none) this.addDays(g, days);
        }
      }
      return this;
    }
    const { codes, shift, bits } = by;
    for (let s = 0; s < n; s++) {
      if (!passes(m, s)) continue;
      const f = facts[s]!;
      const g = (codes[s]! >>> shift) & bits;
      count(c, g * K, f, isStale(f, s));
      const days = daysToDecision[s]!;
      if (days !== none) this.addDays(g, days);
    }
    return this;
  }

  /** Adds group `from`'s counts and days into group `to` (e.g. each licence type into "all"). */
  merge(from: number, to: number): void {
    for (let k = 0; k < K; k++) this.counts[to * K + k]! += this.counts[from * K + k]!;
    if (this.histogram) {
      for (let d = 0; d < this.width; d++)
        this.histogram[to * this.width + d]! += this.histogram[from * this.width + d]!;
    } else this.lists![to]!.push(...this.lists![from]!);
  }

  total(g: number): number {
    return this.counts[g * K + TOTAL]!;
  }

  /** percentile_cont(p) of the group's days to decision; null when none is decided. */
  private percentile(g: number, p: number): number | null {
    let at: (rank: number) => number;
    let n: number;
    if (this.histogram) {
      const h = this.histogram.subarray(g * this.width, (g + 1) * this.width);
      n = h.reduce((sum, x) => sum + x, 0);
      at = (rank) => {
        let seen = 0;
        for (let d = 0; d < h.length; d++) if ((seen += h[d]!) > rank) return d + this.minDays;
        return h.length - 1 + this.minDays;
      };
    } else {
      const sorted = Float64Array.from(this.lists![g]!).sort();
      n = sorted.length;
      at = (rank) => sorted[rank]!;
    }
    if (n === 0) return null;
    const position = p * (n - 1);
    const lower = Math.floor(position);
    const first = at(lower);
    if (position === lower) return first;
    return first + (position - lower) * (at(lower + 1) - first);
  }

  figures(g: number): FiguresRow {
    const c = this.counts;
    const base = g * K;
    return {
      total: c[base + TOTAL]!,
      pending: c[base + BY_STATUS]!,
      processing: c[base + BY_STATUS + 1]!,
      granted: c[base + BY_STATUS + 2]!,
      refused: c[base + BY_STATUS + 3]!,
      urgent_pending: c[base + URGENT_PENDING]!,
      stale_pending: c[base + STALE_PENDING]!,
      median_days: this.percentile(g, 0.5),
      p90_days: this.percentile(g, 0.9),
      transmitted: c[base + TRANSMITTED]!,
      general: c[base + GENERAL]!,
    };
  }
}

/** Everything in one group (0). */
export const allInOne = (ix: LicenceIndex): Grouping => ({ codes: ix.filterKey, shift: 0, bits: 0 });

/** A dimension as the index keys it: its grouping (elements: null, a bitmask) and its values. */
export function dimensionOf(
  ix: LicenceIndex,
  by: ReportDimension,
): { by: Grouping | null; dict: Dictionary } {
  switch (by) {
    case 'element':
      return { by: null, dict: ix.dict.element };
    case 'sme':
    case 'licenceType':
    case 'sector':
    case 'memberState':
      return { by: { codes: ix.filterKey, ...KEY_FIELDS[by] }, dict: ix.dict[by] };
    default:
      return { by: { codes: ix[by], shift: 0, bits: -1 }, dict: ix.dict[by] };
  }
}

/**
 * Calls `visit(groupCode, slot)` for each matching licence, once per value of the dimension it
 * has (elements: each); without `by`, everything is group 0. For the reports without a latency
 * target (shareable, the exporters' credit codes): the figures scan their own tight loop.
 */
export function scan(
  ix: LicenceIndex,
  m: Filter,
  by: ReportDimension | undefined,
  visit: (g: number, s: number) => void,
): void {
  const n = ix.length;
  const grouping = by && by !== 'element' ? dimensionOf(ix, by).by! : allInOne(ix);
  const { codes, shift, bits } = grouping;
  const elements = ix.elements;
  for (let s = 0; s < n; s++) {
    if (!passes(m, s)) continue;
    if (by !== 'element') visit((codes[s]! >>> shift) & bits, s);
    else for (let mask = elements[s]!, g = 1; mask; mask >>>= 1, g++) if (mask & 1) visit(g, s);
  }
}

/** Keys in the reports' order: most licences first, then by key (null last). */
export function byTotalThenKey<T extends { key: string | null; total: number }>(a: T, b: T): number {
  if (a.total !== b.total) return b.total - a.total;
  if (a.key === b.key) return 0;
  if (a.key === null) return 1;
  if (b.key === null) return -1;
  return a.key < b.key ? -1 : 1;
}
