import { SHAREABLE_MIN_CELL, type ShareableRow } from '@lmp/contracts';
import { approvalRate } from './figures';
import type { ShareableCounts } from './report.types';

type Cell = { value: number | null; suppressed: boolean };
const PARTS = ['pending', 'granted', 'refused'] as const;

const shown = (value: number): Cell => ({ value, suppressed: false });
const hidden: Cell = { value: null, suppressed: true };

/**
 * The statistical disclosure rule of the shareable report, per row:
 * 1. primary: a count under SHAREABLE_MIN_CELL (5; zero included, since "none" is a fact about
 *    the few licences around it too) is suppressed;
 * 2. secondary: pending + granted + refused = total, so when the total shows and exactly one of
 *    the three is suppressed it could be recomputed; the smallest other one is suppressed too;
 * 3. the approval rate is shown only when both granted and refused are.
 * What it does not do: compare rows with each other (a reader holding two overlapping reports,
 * e.g. with and without a filter, can still subtract); share one filter set per audience.
 */
export function suppressRow(counts: ShareableCounts): ShareableRow {
  const cell = (n: number) => (n < SHAREABLE_MIN_CELL ? hidden : shown(n));
  const parts = Object.fromEntries(PARTS.map((k) => [k, cell(counts[k])])) as Record<
    (typeof PARTS)[number],
    Cell
  >;
  const total = cell(counts.total);
  const suppressedParts = PARTS.filter((k) => parts[k].suppressed);
  if (!total.suppressed && suppressedParts.length === 1) {
    const [smallest] = PARTS.filter((k) => !parts[k].suppressed).sort((a, b) => counts[a] - counts[b]);
    if (smallest) parts[smallest] = hidden;
  }
  const rate =
    parts.granted.suppressed || parts.refused.suppressed
      ? hidden
      : shown(approvalRate(counts.granted, counts.refused) as number);
  return { period: counts.period, key: counts.key, total, ...parts, approvalRate: rate };
}
