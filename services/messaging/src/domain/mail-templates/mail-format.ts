import type { LicenceStatus } from '@lmp/contracts';

const TIME_ZONE = 'Europe/Brussels';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: TIME_ZONE,
});
const calendarDateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: TIME_ZONE,
});

/** An instant, or a calendar date `YYYY-MM-DD` (a DATE column, an application date). */
export type DateInput = Date | string;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: DateInput): Date {
  const date =
    value instanceof Date ? value : new Date(CALENDAR_DATE.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
  return date;
}

/**
 * Formatted calendar dates, by their `YYYY-MM-DD`: a batch's 10,000 digests list 100,000
 * application dates, most of them the same few hundred days, and Intl formatting is the costly
 * part of rendering them. Bounded: cleared when full.
 */
const calendarDates = new Map<string, string>();
const CALENDAR_CACHE_SIZE = 10_000;

/** `1 December 2026`: a calendar date as it is, an instant on the Brussels calendar. */
export function formatDate(value: DateInput): string {
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) {
    const known = calendarDates.get(value);
    if (known !== undefined) return known;
    const formatted = calendarDateFormat.format(toDate(value));
    if (calendarDates.size >= CALENDAR_CACHE_SIZE) calendarDates.clear();
    calendarDates.set(value, formatted);
    return formatted;
  }
  return dateFormat.format(toDate(value));
}

/** `1 December 2026, 14:30 (Brussels time)`. */
export function formatDateTime(value: DateInput): string {
  const date = toDate(value);
  return `${dateFormat.format(date)}, ${timeFormat.format(date)} (Brussels time)`;
}

/** `1 licence`, `3 licences`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? singular : plural}`;
}

// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** One line of text: control characters (CR and LF first) become spaces, white space collapses. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}

/** A subject: one line, at most `max` characters (a long thread subject is cut, not the sentence around it). */
export function subjectLine(text: string, max = 200): string {
  return truncate(oneLine(text), max);
}

/** At most `max` characters, cut at a word where one is near, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The start of a message for a notification: its line breaks kept, at most `max` characters. */
export function excerptOf(text: string, max = 500): string {
  const cleaned = text
    .replace(/\r\n|\r/g, '\n')
    // eslint-disable-next-line no-control-regex -- control characters (not TAB or LF) are what this removes
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return truncate(cleaned, max);
}

/** A link the mail may carry: an absolute http(s) URL, nothing else (no javascript:, no relative path). */
export function webUrl(url: string, field: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${field} must be an absolute URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`${field} must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return parsed.href;
}

const STATUS_LABELS: Record<LicenceStatus, string> = {
  pending: 'Pending',
  processing: 'Being processed by MOFCOM',
  granted: 'Granted',
  refused: 'Refused',
};

export function statusLabel(status: LicenceStatus | string): string {
  return STATUS_LABELS[status as LicenceStatus] ?? oneLine(status);
}

/** `1st`, `2nd`, `3rd`, `11th`… */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
