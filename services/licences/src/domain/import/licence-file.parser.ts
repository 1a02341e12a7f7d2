import { AppError, type FieldError } from '@lmp/errors';
import { readCsvSheet, readXlsxSheet, type Cell, type Sheet } from '@lmp/spreadsheet';
import { LICENCE_COLUMNS, type ColumnKind, type LicenceColumn } from './licence-file.columns';

export type LicenceFileFormat = 'csv' | 'xlsx';

export const MAX_IMPORT_ROWS = 5000;

export interface LicenceFileRow {
  row: number;
  licenceNumber: string | null;
  /** The POST /licences body the row stands for; cells that could not be read are left out. */
  input: Record<string, unknown>;
  /** Cells that could not be read as their column's type. */
  errors: FieldError[];
}

const refuse = (message: string, errors: FieldError[]) =>
  new AppError('VALIDATION.FAILED', message, { errors });

const BOOLEANS = new Map([
  ...['true', 'yes', '1'].map((t) => [t, true] as const),
  ...['false', 'no', '0'].map((t) => [t, false] as const),
]);
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as text: dates (real XLSX date cells) as YYYY-MM-DD, the rest trimmed. Shared with the EU Survey migration. */
export function textOf(cell: Cell | undefined): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return cell === null || cell === undefined ? '' : String(cell).trim();
}

/**
 * A cell as its column's type; an empty cell is a missing field, so defaults and "is required"
 * apply. Shared with the EU Survey migration, so both files read cells the same way.
 */
export function readCell(cell: Cell, kind: ColumnKind): { value: unknown } | { error: string } {
  const text = textOf(cell);
  if (text === '') return { value: undefined };
  switch (kind) {
    case 'number':
      if (typeof cell === 'number') return { value: cell };
      return NUMBER.test(text)
        ? { value: Number(text) }
        : { error: 'must be a number, with a dot for decimals and no thousands separator' };
    case 'boolean': {
      const value = typeof cell === 'boolean' ? cell : BOOLEANS.get(text.toLowerCase());
      return value === undefined ? { error: 'must be true or false (yes/no and 1/0 work too)' } : { value };
    }
    case 'list':
      return {
        value: text
          .split(/[;,]/)
          .map((item) => item.trim().toLowerCase())
          .filter(Boolean),
      };
    case 'choice':
      return { value: text.toLowerCase() };
    default:
      return { value: text };
  }
}

export const columnLetter = (index: number): string =>
  (index >= 26 ? columnLetter(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));

const byName = new Map(LICENCE_COLUMNS.map((c) => [c.name.toLowerCase(), c]));

/** The column of each header cell; unknown, repeated or missing required columns refuse the file. */
function columnsOf(header: Cell[]): (LicenceColumn | undefined)[] {
  const errors: FieldError[] = [];
  const seen = new Set<LicenceColumn>();
  const columns = header.map((cell) => {
    const name = textOf(cell);
    if (name === '') return undefined;
    const column = byName.get(name.toLowerCase());
    if (!column) errors.push({ field: name, message: 'is not a known column' });
    else if (seen.has(column))
      errors.push({ field: column.name, message: 'appears twice in the header row' });
    if (column) seen.add(column);
    return column;
  });
  const missing = LICENCE_COLUMNS.filter((c) => c.required && !seen.has(c));
  errors.push(...missing.map((c) => ({ field: c.name, message: 'is a required column' })));
  if (errors.length > 0) {
    const unknown = errors.filter((e) => e.message === 'is not a known column').map((e) => e.field);
    const problems = [
      unknown.length > 0 ? `unknown columns: ${unknown.join(', ')}` : '',
      missing.length > 0 ? `missing required columns: ${missing.map((c) => c.name).join(', ')}` : '',
    ].filter(Boolean);
    throw refuse(
      `The header row does not match the licence columns (${problems.join('; ') || 'a column appears twice'}). ` +
        `The columns are: ${LICENCE_COLUMNS.map((c) => c.name).join(', ')}.`,
      errors,
    );
  }
  return columns;
}

function toFileRow(
  { row, cells }: Sheet['rows'][number],
  columns: (LicenceColumn | undefined)[],
): LicenceFileRow {
  const input: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  // Nested objects always exist, so a missing inner field is named by its column (exporterName).
  for (const c of LICENCE_COLUMNS) if (c.path.length === 2) input[c.path[0]] = {};
  cells.forEach((cell, i) => {
    const column = columns[i];
    if (!column) {
      if (textOf(cell) !== '') {
        errors.push({
          field: `column ${columnLetter(i)}`,
          message: 'has a value but no name in the header row',
        });
      }
      return;
    }
    const read = readCell(cell, column.kind);
    if ('error' in read) errors.push({ field: column.name, message: read.error });
    else if (read.value !== undefined && column.path.length === 1) input[column.path[0]] = read.value;
    else if (read.value !== undefined)
      (input[column.path[0]] as Record<string, unknown>)[column.path[1]!] = read.value;
  });
  const licenceNumber = typeof input.licenceNumber === 'string' ? input.licenceNumber : null;
  return { row, licenceNumber, input, errors };
}

/** Reads a CSV or XLSX file of licences into one POST /licences body per non-empty row. */
export async function parseLicenceFile(file: Buffer, format: LicenceFileFormat): Promise<LicenceFileRow[]> {
  const sheet =
    file.length === 0
      ? { header: [], rows: [] }
      : format === 'csv'
        ? readCsvSheet(file)
        : await readXlsxSheet(file, { preferredSheet: 'Licences' });
  if (sheet.header.every((cell) => textOf(cell) === '')) {
    throw refuse('The file is empty: it needs a header row naming the columns, then one row per licence', [
      { field: '(file)', message: 'is empty' },
    ]);
  }
  const columns = columnsOf(sheet.header);
  const rows = sheet.rows.filter((r) => r.cells.some((cell) => textOf(cell) !== ''));
  if (rows.length === 0) {
    throw refuse('The file has a header row but no licences below it', [
      { field: '(file)', message: 'has no rows' },
    ]);
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw refuse(`The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`, [
      { field: '(file)', message: `has more than ${MAX_IMPORT_ROWS} rows; split it into smaller files` },
    ]);
  }
  return rows.map((r) => toFileRow(r, columns));
}
