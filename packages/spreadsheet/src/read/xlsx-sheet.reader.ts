import ExcelJS, { type CellValue } from 'exceljs';
import { AppError } from '@lmp/errors';
import type { Cell, Sheet } from './sheet';
import { inflatedSizeOf } from './zip-size.guard';

/** An honest workbook of 10,000 rows unpacks to a few MB; far more means a crafted file (a zip bomb). */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const unreadable = () =>
  new AppError('VALIDATION.FAILED', 'The file is not a readable XLSX workbook', {
    errors: [
      { field: '(file)', message: 'is not a readable XLSX workbook (save it as .xlsx and try again)' },
    ],
  });

/** A cell as the user sees it: formulas by their result, rich text and links by their text. */
function cellOf(value: CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellOf(value.text as CellValue);
  if ('error' in value) return value.error;
  if ('result' in value) return cellOf(value.result ?? null);
  return null;
}

/**
 * The worksheet called `preferredSheet` (any case) or else the first visible one; its first
 * non-empty row is the header. Row numbers are the worksheet's, as Excel shows them.
 */
export async function readXlsxSheet(file: Buffer, options: { preferredSheet?: string } = {}): Promise<Sheet> {
  const preferred = options.preferredSheet?.trim().toLowerCase();
  const size = inflatedSizeOf(file, MAX_UNPACKED_BYTES);
  if (!size.ok && size.reason === 'too-large') {
    throw new AppError(
      'HTTP.PAYLOAD_TOO_LARGE',
      `The workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; split it into smaller files`,
    );
  }
  if (!size.ok) throw unreadable();
  const workbook = new ExcelJS.Workbook();
  try {
    // The library types its Buffer as its own interface; a Node Buffer is what it reads.
    await workbook.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch {
    throw unreadable();
  }
  const visible = workbook.worksheets.filter((sheet) => sheet.state === 'visible');
  const worksheet = visible.find((s) => s.name.trim().toLowerCase() === preferred) ?? visible[0];
  const rows: Sheet['rows'] = [];
  worksheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as CellValue[];
    rows.push({
      row: rowNumber,
      cells: Array.from({ length: values.length - 1 }, (_, i) => cellOf(values[i + 1])),
    });
  });
  const [header, ...data] = rows;
  return { header: header?.cells ?? [], rows: data };
}
