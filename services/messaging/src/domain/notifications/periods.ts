import { DateTime } from 'luxon';

export const ZONE = 'Europe/Brussels';

/** The ISO week of an instant in Brussels, e.g. `2026-W12`: one stale reminder per week. */
export const isoWeekOf = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat("kkkk-'W'WW");

/** The local date of an instant in Brussels: one daily digest per day. */
export const localDateOf = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toISODate()!;

/**
 * The jobs wake often (every 10 minutes by default) and send once per period, from its due
 * time on: a failed or missed wake-up is caught up by the next one, and the period's claim
 * (job_runs) keeps it once-only. The reminder is due from Monday 08:00 in Brussels, the digest
 * from 07:00 each day.
 */
export const STALE_REMINDER_DUE = { weekday: 1, hour: 8 } as const;
export const DAILY_DIGEST_DUE = { hour: 7 } as const;

/**
 * Whether the week's reminder is due: on or after Monday at `hour` (Brussels; default 08:00,
 * STALE_REMINDER_HOUR) of the instant's ISO week.
 */
export function isWeeklyReminderDue(at: Date, hour: number = STALE_REMINDER_DUE.hour): boolean {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  const due = local.startOf('week').set({ hour });
  return local >= due;
}

/** Whether the day's digest is due: on or after 07:00 (Brussels) that day. */
export function isDailyDigestDue(at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: ZONE });
  return local >= local.startOf('day').set({ hour: DAILY_DIGEST_DUE.hour });
}
