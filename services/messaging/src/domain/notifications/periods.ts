import { DateTime } from 'luxon';

export const ZONE = 'Europe/Brussels';

/** The ISO week of an instant in Brussels, e.g. `2026-W12`: one stale reminder per week. */
export const isoWeekOf = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat("kkkk-'W'WW");

/** The local date of an instant in Brussels: one daily digest per day. */
export const localDateOf = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toISODate()!;
