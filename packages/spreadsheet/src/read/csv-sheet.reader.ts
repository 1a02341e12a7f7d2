import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '@lmp/errors';
import type { Sheet } from './sheet';

/**
 * UTF-8 (with or without BOM), else UTF-16 when it starts with its BOM, else Windows-1252: what
 * Excel's "CSV UTF-8", "Unicode text" and plain "CSV" exports write.
 */
function decode(file: Buffer): string {
  if (file[0] === 0xff && file[1] === 0xfe) return new TextDecoder('utf-16le').decode(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return new TextDecoder('windows-1252').decode(file);
  }
}

/** Comma or semicolon (Excel in most EU locales), whichever the header row uses more. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

const lineBreaks = (cells: string[]) =>
  cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

export function readCsvSheet(file: Buffer): Sheet {
  const text = decode(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new AppError('VALIDATION.FAILED', `The CSV file cannot be read: ${error.message}`, {
      errors: [{ field: '(file)', message: error.message }],
    });
  }
  const [header, ...rows] = records;
  return {
    header: header?.record ?? [],
    // info.lines is the line a record ends on; a cell spanning lines moves its start up.
    rows: rows.map(({ record, info }) => ({ row: info.lines - lineBreaks(record), cells: record })),
  };
}
