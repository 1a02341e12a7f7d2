import { DateTime } from 'luxon';

/** Batches follow MOFCOM's counterpart's calendar: Brussels wall-clock time, whatever the offset. */
export const SCHEDULE_TIME_ZONE = 'Europe/Brussels';

export interface ScheduleSettings {
  /** The date of slot 0, YYYY-MM-DD, in Europe/Brussels. */
  anchorDate: string;
  /** HH:MM in Europe/Brussels. */
  time: string;
  intervalDays: number;
}

export interface Slot {
  /** Slots are numbered from the anchor: slot 0 is the anchor date at the time. */
  index: number;
  at: Date;
  /** What makes a scheduled batch unique: the slot's instant, ISO 8601 in UTC. */
  key: string;
  /** The fortnight the slot closes, as local dates: `2025-10-27/2025-11-10`. */
  period: string;
}

export interface Schedule {
  settings: ScheduleSettings;
  slotAt(index: number): Slot;
  /** The latest slot at or before `now`; undefined before the anchor's slot. */
  lastSlotAtOrBefore(now: Date): Slot | undefined;
  /** The first slot strictly after `now`. */
  nextSlotAfter(now: Date): Slot;
}

const DAY_MS = 86_400_000;

/**
 * Slots computed from the anchor alone, so a restart, a replica or a clock change never shifts
 * them. Days are added in the calendar of Europe/Brussels (luxon's calendar arithmetic), so a
 * slot at 09:00 stays at 09:00 across the March and October changes, 23 or 25 hours apart.
 */
export function batchSchedule(settings: ScheduleSettings): Schedule {
  const anchor = DateTime.fromISO(`${settings.anchorDate}T${settings.time}`, { zone: SCHEDULE_TIME_ZONE });
  if (!anchor.isValid) throw new Error(`invalid schedule anchor: ${anchor.invalidExplanation}`);
  const [hour, minute] = settings.time.split(':').map(Number) as [number, number];
  const anchorDay = DateTime.fromISO(settings.anchorDate, { zone: SCHEDULE_TIME_ZONE });
  // Each slot from its own calendar date and the wall-clock time: a time that does not exist on
  // one day (the spring change's missing hour) moves that slot alone, never the ones after it.
  const localAt = (index: number) =>
    anchorDay.plus({ days: index * settings.intervalDays }).set({ hour, minute, second: 0, millisecond: 0 });
  const slotAt = (index: number): Slot => {
    const at = localAt(index);
    return {
      index,
      at: at.toJSDate(),
      key: at.toUTC().toISO()!,
      period: `${localAt(index - 1).toISODate()}/${at.toISODate()}`,
    };
  };
  const lastIndexAtOrBefore = (now: Date): number => {
    // An estimate from elapsed milliseconds, off by one at most near a slot (DST moves it an
    // hour), then corrected against the calendar.
    let index = Math.floor((now.getTime() - anchor.toMillis()) / (settings.intervalDays * DAY_MS));
    while (localAt(index + 1).toMillis() <= now.getTime()) index++;
    while (localAt(index).toMillis() > now.getTime()) index--;
    return index;
  };
  return {
    settings,
    slotAt,
    lastSlotAtOrBefore(now) {
      const index = lastIndexAtOrBefore(now);
      return index >= 0 ? slotAt(index) : undefined;
    },
    nextSlotAfter(now) {
      return slotAt(Math.max(lastIndexAtOrBefore(now) + 1, 0));
    },
  };
}
