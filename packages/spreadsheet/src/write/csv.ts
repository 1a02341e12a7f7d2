import { neutraliseFormula } from './formula';

export type CellValue = string | number | boolean | Date | null | undefined;

/** One CSV field (RFC 4180): text neutralised, then quoted when it holds a quote, comma or line break. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated as RFC 4180 and spreadsheets expect. */
export function csvLine(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A byte-order mark so that spreadsheets open the UTF-8 file with its accents and CJK names intact. */
export const CSV_BOM = '\uFEFF';
