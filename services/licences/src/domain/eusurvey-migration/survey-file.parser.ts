import { AppError, type FieldError } from '@lmp/errors';
import { readCsvSheet, readXlsxSheet, type Cell, type Sheet } from '@lmp/spreadsheet';
import { LICENCE_COLUMNS, type LicenceColumn } from '../import/licence-file.columns';
import {
  columnLetter,
  MAX_IMPORT_ROWS,
  readCell,
  textOf,
  type LicenceFileRow,
} from '../import/licence-file.parser';
import { ALL_COLUMN_NAMES, SURVEY_COLUMNS, type SurveyColumn } from './survey-columns';

export type SurveyFileFormat = 'csv' | 'xlsx' | 'json';

/** One row of the export, read but not yet checked. */
export interface SurveyFileRow {
  row: number;
  respondentEmail: string | null;
  /** The submission time's cell as read (text, or a real XLSX date). */
  submittedAt: Cell;
  /** The PUT /me/company body the row's company columns stand for. */
  company: Record<string, unknown>;
  /** The licence columns, exactly as the operator import reads them. */
  licence: LicenceFileRow;
}

type Column = { survey: SurveyColumn } | { licence: LicenceColumn };

const refuse = (message: string, errors: FieldError[]) =>
  new AppError('VALIDATION.FAILED', message, { errors });

const byName = new Map<string, Column>([
  ...SURVEY_COLUMNS.map((c) => [c.name.toLowerCase(), { survey: c }] as const),
  ...LICENCE_COLUMNS.map((c) => [c.name.toLowerCase(), { licence: c }] as const),
]);

/** The licence's sector may be left out: it is then the company's (companySector). */
const requiredColumns = [
  ...SURVEY_COLUMNS.filter((c) => c.required).map((c) => c.name),
  ...LICENCE_COLUMNS.filter((c) => c.required && c.name !== 'sector').map((c) => c.name),
];

function columnsOf(header: Cell[]): (Column | undefined)[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const columns = header.map((cell) => {
    const name = textOf(cell);
    if (name === '') return undefined;
    const column = byName.get(name.toLowerCase());
    if (!column) errors.push({ field: name, message: 'is not a known column' });
    else if (seen.has(name.toLowerCase()))
      errors.push({ field: name, message: 'appears twice in the header row' });
    seen.add(name.toLowerCase());
    return column;
  });
  const missing = requiredColumns.filter((name) => !seen.has(name.toLowerCase()));
  errors.push(...missing.map((name) => ({ field: name, message: 'is a required column' })));
  if (errors.length > 0) {
    throw refuse(
      `The header row does not match the EU Survey export's columns (${errors
        .map((e) => `${e.field} ${e.message}`)
        .join('; ')}). The columns are: ${ALL_COLUMN_NAMES.join(', ')}.`,
      errors,
    );
  }
  return columns;
}

function toSurveyRow({ row, cells }: Sheet['rows'][number], columns: (Column | undefined)[]): SurveyFileRow {
  const input: Record<string, unknown> = {};
  for (const c of LICENCE_COLUMNS) if (c.path.length === 2) input[c.path[0]] = {};
  const licence: LicenceFileRow = { row, licenceNumber: null, input, errors: [] };
  const surveyRow: SurveyFileRow = { row, respondentEmail: null, submittedAt: null, company: {}, licence };
  cells.forEach((cell, i) => {
    const column = columns[i];
    if (!column) {
      if (textOf(cell) !== '') {
        licence.errors.push({
          field: `column ${columnLetter(i)}`,
          message: 'has a value but no name in the header row',
        });
      }
      return;
    }
    if ('licence' in column) {
      const { path, kind, name } = column.licence;
      const read = readCell(cell, kind);
      if ('error' in read) licence.errors.push({ field: name, message: read.error });
      else if (read.value !== undefined && path.length === 1) input[path[0]] = read.value;
      else if (read.value !== undefined) (input[path[0]] as Record<string, unknown>)[path[1]!] = read.value;
      return;
    }
    const { target, kind, name } = column.survey;
    if (target.to === 'submittedAt') {
      surveyRow.submittedAt = cell instanceof Date || textOf(cell) === '' ? (cell ?? null) : textOf(cell);
      return;
    }
    const read = readCell(cell, kind);
    if ('error' in read) licence.errors.push({ field: name, message: read.error });
    else if (target.to === 'respondentEmail')
      surveyRow.respondentEmail = (read.value as string | undefined) ?? null;
    else if (read.value !== undefined) surveyRow.company[target.field] = read.value;
  });
  licence.licenceNumber = typeof input.licenceNumber === 'string' ? input.licenceNumber : null;
  return surveyRow;
}

/** JSON rows as a sheet: the header is every key the rows use, in order of appearance. */
export function sheetOfJsonRows(rows: Record<string, Cell>[]): Sheet {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { header, rows: rows.map((r, i) => ({ row: i + 1, cells: header.map((h) => r[h] ?? null) })) };
}

/** Reads the EU Survey export (CSV, the XLSX's first sheet, or JSON rows) into one row per non-empty line. */
export async function parseSurveyFile(
  source: { file: Buffer; format: 'csv' | 'xlsx' } | { sheet: Sheet },
): Promise<SurveyFileRow[]> {
  const sheet =
    'sheet' in source
      ? source.sheet
      : source.file.length === 0
        ? { header: [], rows: [] }
        : source.format === 'csv'
          ? readCsvSheet(source.file)
          : await readXlsxSheet(source.file, { preferredSheet: 'Content' });
  if (sheet.header.every((cell) => textOf(cell) === '')) {
    throw refuse("The file is empty: it needs the export's header row, then one row per licence", [
      { field: '(file)', message: 'is empty' },
    ]);
  }
  const columns = columnsOf(sheet.header);
  const rows = sheet.rows.filter((r) => r.cells.some((cell) => textOf(cell) !== ''));
  if (rows.length === 0) {
    throw refuse('The file has a header row but no rows below it', [
      { field: '(file)', message: 'has no rows' },
    ]);
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw refuse(`The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be migrated at once`, [
      { field: '(file)', message: `has more than ${MAX_IMPORT_ROWS} rows; split it by respondent` },
    ]);
  }
  return rows.map((r) => toSurveyRow(r, columns));
}
