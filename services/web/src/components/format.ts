/** Numbers and dates as the pages show them (en-GB, Europe/Brussels: the Commission's time). */
const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const day = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const instant = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Brussels',
});

export const NOT_AVAILABLE = '–';

export const formatCount = (n: number | null | undefined) => (n == null ? NOT_AVAILABLE : integer.format(n));
/** A count with its noun: "1 company", "2,964 companies". */
export const formatCountOf = (n: number, singular: string, plural: string) =>
  `${integer.format(n)} ${n === 1 ? singular : plural}`;
export const formatDecimal = (n: number | null | undefined) =>
  n == null ? NOT_AVAILABLE : decimal.format(n);
/** A rate between 0 and 1 as a percentage; null (nothing decided) shows a dash. */
export const formatRate = (n: number | null | undefined) => (n == null ? NOT_AVAILABLE : percent.format(n));
export const formatDays = (n: number | null | undefined) =>
  n == null ? NOT_AVAILABLE : `${decimal.format(n)} ${n === 1 ? 'day' : 'days'}`;

/** A calendar date `YYYY-MM-DD` (no time zone: it is a date, not an instant). */
export function formatDate(date: string | null | undefined): string {
  if (!date) return NOT_AVAILABLE;
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : day.format(parsed);
}

/** An instant (ISO 8601) in Brussels time. */
export function formatInstant(at: string | null | undefined): string {
  if (!at) return NOT_AVAILABLE;
  const parsed = new Date(at);
  return Number.isNaN(parsed.getTime()) ? at : instant.format(parsed);
}

const brusselsDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/Brussels',
});

/** The day of an instant (ISO 8601) in Brussels, without the time. */
export function formatInstantDay(at: string | null | undefined): string {
  if (!at) return NOT_AVAILABLE;
  const parsed = new Date(at);
  return Number.isNaN(parsed.getTime()) ? at : brusselsDay.format(parsed);
}

/** `2026-03-01` → `Mar 2026` (a month period of the timeline). */
export function formatMonth(period: string): string {
  const parsed = new Date(`${period.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime())
    ? period
    : new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}
