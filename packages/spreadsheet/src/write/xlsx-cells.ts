import type { CellValue } from './csv';
import { neutraliseFormula } from './formula';
import { ascii, xmlText } from './xml-bytes';
import { DATE_TIME_STYLE } from './xlsx-parts';

/** Excel's grid: 1,048,576 rows of 16,384 columns (XFD). */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_COLUMNS = 16_384;

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/**
 * What neutraliseFormula makes of the text, without its regular expression when the text starts
 * with an ASCII letter or digit (most cells): no formula starts so (formula.ts; the test checks
 * every first character against neutraliseFormula).
 */
export function guarded(text: string): string {
  const c = text.charCodeAt(0) | 0x20; // ASCII letters folded to lower case
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? text : neutraliseFormula(text);
}

/** Bytes of worksheet XML handed on together: about 90 rows of the licence export. */
export const CHUNK_BYTES = 128 * 1024;
/** The most bytes one UTF-16 unit of text becomes: a control character as `_x001F_`. */
const MAX_BYTES_PER_UNIT = 7;
/** The most bytes of a cell's markup around its value: `<c r="XFD1048576" t="inlineStr"><is><t xml:space="preserve">…`. */
const MAX_CELL_MARKUP = 96;
const MS_PER_DAY = 86_400_000;
/** Excel's serial day of 1970-01-01 (the 1900 date system). */
const UNIX_EPOCH_DAY = 25_569;

/**
 * The worksheet's XML written straight into byte chunks, UTF-8 encoded and escaped in the same
 * pass (xml-bytes), leaving no string per cell or row to the garbage collector: a first version
 * that built each row as a string took 40% longer, most of it collecting. A full chunk goes to
 * `emit`, which answers false when its reader is behind.
 *
 * Each cell is what xlsxCellValue makes of its value: text through the formula guard as an inline
 * string, numbers and booleans as themselves, a Date as Excel's serial day (UTC) in the date-time
 * style, nothing (null, undefined, '', NaN, ±Infinity, an invalid Date) as no cell.
 */
export class SheetXmlEncoder {
  private buf: Buffer;
  private pos = 0;
  private readonly cellStarts: string[] = [];

  constructor(private readonly emit: (bytes: Buffer) => boolean) {
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
  }

  /** Markup known to be ASCII and well-formed. False: wait for the reader. */
  markup(xml: string): boolean {
    const ready = this.room(xml.length);
    this.pos = ascii(this.buf, this.pos, xml);
    return ready;
  }

  /** One `<row>`. False: wait for the reader before the next. */
  row(rowNumber: number, values: readonly CellValue[]): boolean {
    // Room for the row at its longest first, so that it is written in one go.
    let longest = MAX_CELL_MARKUP;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      longest += MAX_CELL_MARKUP + (typeof value === 'string' ? (value.length + 1) * MAX_BYTES_PER_UNIT : 0);
    }
    const ready = this.room(longest);
    const buf = this.buf;
    const r = String(rowNumber);
    let pos = ascii(buf, this.pos, '<row r="');
    pos = ascii(buf, pos, r);
    pos = ascii(buf, pos, '">');
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      const start = this.cellStarts[i] ?? (this.cellStarts[i] = cellStart(i));
      if (typeof value === 'string') {
        if (value === '') continue;
        pos = ascii(buf, ascii(buf, pos, start), r);
        pos = ascii(buf, pos, '" t="inlineStr"><is><t>');
        pos = xmlText(buf, pos, guarded(value));
        pos = ascii(buf, pos, '</t></is></c>');
      } else if (typeof value === 'number') {
        if (!Number.isFinite(value)) continue;
        pos = ascii(buf, ascii(buf, pos, start), r);
        pos = ascii(buf, pos, '"><v>');
        pos = ascii(buf, pos, String(value));
        pos = ascii(buf, pos, '</v></c>');
      } else if (typeof value === 'boolean') {
        pos = ascii(buf, ascii(buf, pos, start), r);
        pos = ascii(buf, pos, value ? '" t="b"><v>1</v></c>' : '" t="b"><v>0</v></c>');
      } else {
        const ms = value.getTime();
        if (!Number.isFinite(ms)) continue;
        pos = ascii(buf, ascii(buf, pos, start), r);
        pos = ascii(buf, pos, DATE_CELL);
        pos = ascii(buf, pos, String(UNIX_EPOCH_DAY + ms / MS_PER_DAY));
        pos = ascii(buf, pos, '</v></c>');
      }
    }
    this.pos = ascii(buf, pos, '</row>');
    return ready;
  }

  /** What is in the chunk, to `emit`. */
  flush(): boolean {
    if (this.pos === 0) return true;
    const bytes = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES); // `emit`'s reader holds on to `bytes`
    this.pos = 0;
    return this.emit(bytes);
  }

  /** At least `bytes` free in the chunk: the chunk emitted first if not (a bigger one for a huge row). */
  private room(bytes: number): boolean {
    if (this.pos + bytes <= this.buf.length) return true;
    const ready = this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
    return ready;
  }
}

const DATE_CELL = `" s="${DATE_TIME_STYLE}"><v>`;

function cellStart(index: number): string {
  if (index >= XLSX_MAX_COLUMNS) throw new RangeError(`an XLSX row holds at most ${XLSX_MAX_COLUMNS} cells`);
  return `<c r="${columnName(index)}`;
}
