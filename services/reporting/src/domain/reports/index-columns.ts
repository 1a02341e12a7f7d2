/**
 * The report index's columns (licence-index.ts): one typed array per dimension, by slot, each as
 * narrow as the values written so far allow. A value that does not fit widens its column (a
 * copy, once), so any value is stored exactly: the narrow types are a saving, never a limit.
 *
 * A slot never written holds zeros and is never read: every scan first tests the slot's filter
 * key, whose "submitted" bit only a written slot has. So no column is filled when it grows (the
 * pages of room not used yet are never touched, so they take no resident memory).
 */

/** Dictionary codes and element masks (never negative): 8, then 16, then 32 bits. */
export type CodeColumn = Uint8Array | Uint16Array | Uint32Array;

/**
 * Day numbers (days since 1970-01-01, negative before) and day counts: 16 bits while every value
 * is within ±32,767 days (1880-04-15 to 2059-09-18 as dates), else 32 (every PostgreSQL date
 * fits); the type's lowest value stands for "no day" (noDayOf).
 */
export type DayColumn = Int16Array | Int32Array;

type Column = CodeColumn | DayColumn | Uint32Array;

/** The same column with room for `slots`, what it holds kept. */
export function resized<C extends Column>(column: C, slots: number): C {
  const next = new (column.constructor as new (length: number) => C)(slots);
  next.set(column.subarray(0, Math.min(column.length, slots)) as ArrayLike<number>);
  return next;
}

const maxCodeOf = (column: CodeColumn) =>
  column.BYTES_PER_ELEMENT === 1 ? 0xff : column.BYTES_PER_ELEMENT === 2 ? 0xffff : 0xffffffff;

/** Writes `value` (0 ≤ value < 2^32) at slot `s`; answers the column, wider if the value needs it. */
export function putCode(column: CodeColumn, s: number, value: number): CodeColumn {
  let c = column;
  if (value > maxCodeOf(c)) {
    c = value <= 0xffff ? new Uint16Array(c.length) : new Uint32Array(c.length);
    c.set(column);
  }
  c[s] = value;
  return c;
}

/** The value of "no day" in this column: below every day it holds. */
export const noDayOf = (column: DayColumn): number =>
  column.BYTES_PER_ELEMENT === 2 ? -0x8000 : -0x80000000;

/** Writes a day number or count (or null: none) at slot `s`; answers the column, wider if needed. */
export function putDay(column: DayColumn, s: number, day: number | null): DayColumn {
  let c = column;
  if (day !== null && c instanceof Int16Array && (day <= -0x8000 || day > 0x7fff)) {
    const wide = new Int32Array(c.length);
    for (let i = 0; i < c.length; i++) wide[i] = c[i] === -0x8000 ? -0x80000000 : c[i]!;
    c = wide;
  }
  c[s] = day === null ? noDayOf(c) : day;
  return c;
}

/**
 * Instants to the millisecond in 6 bytes: whole seconds since 1970 (Uint32, to 2106) and the
 * milliseconds within the second (Uint16). NEVER stands for no instant. An instant before 1970 is
 * kept as 1970-01-01T00:00:00.000Z, one from 2106 on as the last representable one: compared
 * with a cut-off between the two (see cutOf) either answers as the exact instant would.
 */
export const NEVER = 0xffffffff;
const LAST_SECOND = NEVER - 1;

export function putInstant(seconds: Uint32Array, millis: Uint16Array, s: number, ms: number | null): void {
  if (ms === null) {
    seconds[s] = NEVER;
    millis[s] = 0;
    return;
  }
  const whole = Math.round(ms); // the column is TIMESTAMPTZ(3): whole milliseconds
  const second = Math.floor(whole / 1000);
  if (second < 0) {
    seconds[s] = 0;
    millis[s] = 0;
  } else if (second > LAST_SECOND) {
    seconds[s] = LAST_SECOND;
    millis[s] = 999;
  } else {
    seconds[s] = second;
    millis[s] = whole - second * 1000;
  }
}

/**
 * A cut-off "at or before `ms`" as seconds and milliseconds: an instant (second, milli) is at or
 * before it when second < cut.second, or second === cut.second and milli ≤ cut.milli. No instant
 * (NEVER) is ever before it; -Infinity: nothing is, +Infinity: every instant is.
 */
export function cutOf(ms: number): { second: number; milli: number } {
  if (ms === Infinity) return { second: LAST_SECOND, milli: 999 };
  const second = Math.floor(ms / 1000);
  if (!(second >= 0)) return { second: -1, milli: 0 }; // before 1970 (or -Infinity, NaN)
  if (second > LAST_SECOND) return { second: LAST_SECOND, milli: 999 };
  return { second, milli: ms - second * 1000 };
}
