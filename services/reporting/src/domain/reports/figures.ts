import type { ReportFigures } from '@lmp/contracts';
import type { FiguresRow } from './report.types';

/** The product's stale rule: open, transmitted at least once, no status change for 14 days. */
export const STALE_AFTER_DAYS = 14;

const DAY_MS = 86_400_000;

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** Whole days from `from` to `to`. */
export const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

/** granted / (granted + refused); null when nothing is decided. */
export function approvalRate(granted: number, refused: number): number | null {
  return granted + refused === 0 ? null : granted / (granted + refused);
}

/** The figures of a set of licences (none: zeros, and null rates). */
export function toFigures(row: FiguresRow | undefined): ReportFigures {
  const r = row ?? {
    total: 0,
    pending: 0,
    processing: 0,
    granted: 0,
    refused: 0,
    urgent_pending: 0,
    stale_pending: 0,
    median_days: null,
    p90_days: null,
    transmitted: 0,
    general: 0,
  };
  return {
    total: r.total,
    byStatus: { pending: r.pending, processing: r.processing, granted: r.granted, refused: r.refused },
    approvalRate: approvalRate(r.granted, r.refused),
    urgentPending: r.urgent_pending,
    stalePending: r.stale_pending,
    medianDaysToDecision: days(r.median_days),
    p90DaysToDecision: days(r.p90_days),
    transmittedAtLeastOnce: r.transmitted,
    generalLicences: r.general,
  };
}

/** Days to decision to one decimal: percentile_cont interpolates in floating point (100.90000000000009). */
export function days(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
