import type { Cell } from '@lmp/spreadsheet';

/** The questionnaire ran from June to 10 October 2025 (Europe/Brussels), when this platform took over. */
export const SURVEY_OPENED = '2025-06-01';
export const SURVEY_CLOSED = '2025-10-10';

/** The survey's server and its exports keep Brussels wall-clock time when no offset is written. */
export const SURVEY_TIME_ZONE = 'Europe/Brussels';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const EU_LOCAL = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: SURVEY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Brussels wall-clock fields of an instant. */
function fieldsIn(instant: number): number[] {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
}

/** The Brussels date (YYYY-MM-DD) of an instant. */
export function surveyDateOf(instant: Date): string {
  const [y, m, d] = fieldsIn(instant.getTime());
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The instant a Brussels wall-clock time stands for; undefined when it is no real time. */
function fromWallClock(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return undefined;
  const offsetAt = (instant: number) => {
    const [fy, fm, fd, fh, fmi, fs] = fieldsIn(instant);
    return Date.UTC(fy!, fm! - 1, fd!, fh!, fmi!, fs!) - instant;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant);
}

/**
 * The survey submission time of a cell: an ISO 8601 instant with its offset, or a wall-clock
 * time in Brussels (`2025-06-17 10:32`, `2025-06-17T10:32:05`, `17/06/2025 10:32:05`, or an XLSX
 * date cell, which holds the time as shown). An error message when it is none of these.
 */
export function readSubmissionTime(cell: Cell): { at: Date } | { error: string } {
  const invalid = {
    error:
      'must be the survey submission time: YYYY-MM-DD HH:MM[:SS] (Brussels time) or an ISO 8601 instant with its offset',
  };
  if (cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')) {
    return { error: 'is required' };
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return invalid;
    const at = fromWallClock(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
      cell.getUTCHours(),
      cell.getUTCMinutes(),
      cell.getUTCSeconds(),
    );
    return at ? { at } : invalid;
  }
  const text = String(cell).trim();
  if (WITH_OFFSET.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? invalid : { at };
  }
  const iso = ISO_LOCAL.exec(text);
  const eu = EU_LOCAL.exec(text);
  const [y, mo, d, h, mi, s] = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : eu
      ? [eu[3], eu[2], eu[1], eu[4], eu[5], eu[6]]
      : [];
  if (y === undefined) return invalid;
  const at = fromWallClock(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0));
  return at ? { at } : invalid;
}

/** Why a submission time cannot be the survey's, or undefined when it can. */
export function submissionTimeViolation(at: Date, now: Date): string | undefined {
  if (at.getTime() > now.getTime()) return 'must not be in the future';
  const date = surveyDateOf(at);
  if (date < SURVEY_OPENED || date > SURVEY_CLOSED) {
    return `must be within the EU Survey's period (${SURVEY_OPENED} to ${SURVEY_CLOSED}, Brussels time)`;
  }
  return undefined;
}
