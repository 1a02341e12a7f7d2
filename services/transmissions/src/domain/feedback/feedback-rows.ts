import { z } from 'zod';
import {
  FEEDBACK_FILE_COLUMNS,
  FEEDBACK_MAX_ROWS,
  normaliseLicenceNumber,
  ZFeedbackRowInput,
} from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import type { ReceivedRow, ValidRow } from './feedback.types';

/** A file's cell: what the readers give (exceljs dates are UTC midnight of the cell's day). */
type FileCell = string | number | boolean | Date | null | undefined;

/** The column names a reason uses: the file's for a file, the JSON fields for JSON. */
export type ColumnNames = Record<'licenceNumber' | 'status' | 'date', string>;
export const FILE_COLUMNS: ColumnNames = { licenceNumber: 'licence_number', status: 'status', date: 'date' };
export const JSON_FIELDS: ColumnNames = { licenceNumber: 'licenceNumber', status: 'status', date: 'date' };

export type CheckedRow = { ok: true; row: ValidRow } | { ok: false; row: ReceivedRow; reason: string };

const asText = (cell: FileCell): string | null => {
  if (cell === null || cell === undefined) return null;
  const text = cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim();
  return text === '' ? null : text;
};

const tooMany = (count: number) =>
  new AppError('VALIDATION.FAILED', `At most ${FEEDBACK_MAX_ROWS} rows per submission; split the rows`, {
    errors: [{ field: 'rows', message: `has ${count} rows, at most ${FEEDBACK_MAX_ROWS} are taken at once` }],
  });

/** The rows of a file whose header is exactly licence_number,status,date (any case, trimmed). */
export function rowsOfSheet(sheet: { header: FileCell[]; rows: { row: number; cells: FileCell[] }[] }): {
  rows: ReceivedRow[];
  extraCells: Set<number>;
} {
  const header = sheet.header.map((cell) => asText(cell)?.toLowerCase() ?? '');
  while (header.length > FEEDBACK_FILE_COLUMNS.length && header.at(-1) === '') header.pop();
  if (header.join(',') !== FEEDBACK_FILE_COLUMNS.join(',')) {
    throw new AppError(
      'VALIDATION.FAILED',
      `The file's first row must be exactly ${FEEDBACK_FILE_COLUMNS.join(',')}`,
      {
        errors: [
          {
            field: '(header)',
            message: `is "${header.join(',')}", expected "${FEEDBACK_FILE_COLUMNS.join(',')}"`,
          },
        ],
      },
    );
  }
  const rows: ReceivedRow[] = [];
  const extraCells = new Set<number>();
  for (const { row, cells } of sheet.rows) {
    const [licenceNumber, status, date, ...rest] = cells.map(asText);
    const extra = rest.some((cell) => cell !== null);
    // A row with nothing in it (",,", or cells Excel keeps formatted) is no row.
    if (!licenceNumber && !status && !date && !extra) continue;
    if (extra) extraCells.add(row);
    rows.push({ row, licenceNumber: licenceNumber ?? null, status: status ?? null, date: date ?? null });
  }
  if (rows.length === 0) {
    throw new AppError('VALIDATION.FAILED', 'The file has no rows below its header', {
      errors: [{ field: '(file)', message: 'has no rows below its header' }],
    });
  }
  if (rows.length > FEEDBACK_MAX_ROWS) throw tooMany(rows.length);
  return { rows, extraCells };
}

const ZJsonBody = z.strictObject({
  rows: z.array(z.unknown(), { error: 'must be a list of rows' }).min(1, 'must have at least one row'),
});

/** `{ rows: [...] }`: the envelope is checked as a whole, each row on its own (a bad one is reported invalid). */
export function rowsOfJson(body: unknown): unknown[] {
  const { rows } = parseOrThrow(ZJsonBody, body);
  if (rows.length > FEEDBACK_MAX_ROWS) throw tooMany(rows.length);
  return rows;
}

/** What a JSON row gave, as text for the report (a value of the wrong type is shown as JSON). */
export function receivedOfJson(value: unknown, index: number): ReceivedRow {
  const cells =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  const given = (v: unknown) =>
    v === undefined || v === null
      ? null
      : typeof v === 'string'
        ? v.trim() || null
        : JSON.stringify(v).slice(0, 200);
  return {
    row: index + 1,
    licenceNumber: given(cells.licenceNumber),
    status: given(cells.status),
    date: given(cells.date),
  };
}

function reasonOf(error: z.ZodError, columns: ColumnNames): string {
  return error.issues
    .map((issue) => {
      const key = issue.path[0];
      if (key === undefined) {
        return issue.code === 'unrecognized_keys'
          ? `${issue.keys.map((k) => `"${k}"`).join(', ')}: not a column (only ${Object.values(columns).join(', ')})`
          : `(row): must be an object with ${Object.values(columns).join(', ')}`;
      }
      return `${columns[key as keyof ColumnNames] ?? String(key)}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The checks every row gets, from JSON or a file alike: a number with at least one letter or digit,
 * one of the four statuses (any case), a date YYYY-MM-DD or nothing.
 */
export function checkRow(received: ReceivedRow, input: unknown, columns: ColumnNames): CheckedRow {
  const lowerStatus =
    input !== null && typeof input === 'object' && typeof (input as { status?: unknown }).status === 'string'
      ? { ...(input as object), status: (input as { status: string }).status.trim().toLowerCase() }
      : input;
  const parsed = ZFeedbackRowInput.safeParse(lowerStatus);
  if (!parsed.success) return { ok: false, row: received, reason: reasonOf(parsed.error, columns) };
  const numberNormalised = normaliseLicenceNumber(parsed.data.licenceNumber);
  if (numberNormalised === '') {
    return { ok: false, row: received, reason: `${columns.licenceNumber}: has no letters or digits` };
  }
  return {
    ok: true,
    row: {
      ...received,
      status: parsed.data.status,
      numberNormalised,
      valid: { status: parsed.data.status, date: parsed.data.date || null },
    },
  };
}

/** A file row as the JSON row it stands for (empty cells: no value), for the same checks. */
export function inputOfFileRow(row: ReceivedRow): Record<string, string | null> {
  return { licenceNumber: row.licenceNumber ?? '', status: row.status ?? '', date: row.date };
}
