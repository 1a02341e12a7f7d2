/**
 * Characters that make a spreadsheet read a cell as a formula (or, tab and carriage return, shift
 * it into another cell): `=`, `+`, `-`, `@`, tab, CR, and their fullwidth forms, which some
 * spreadsheet locales accept as well. A leading space does not protect: Excel and LibreOffice
 * trim it before deciding.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/u;

/**
 * A text value as it may safely go into a CSV or XLSX cell: one that a spreadsheet would run as a
 * formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`) gets a leading apostrophe, which spreadsheets
 * show as text and hide; anything else is unchanged. The platform stores what users typed; every
 * file it writes passes text through here (OWASP "CSV injection"). Numbers are not text: write a
 * negative amount as a number, not through this function.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
