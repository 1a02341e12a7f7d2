// Writing: every file the platform writes (CSV, XLSX) passes text through the formula guard.
export * from './write/formula';
export * from './write/csv';
export * from './write/xlsx';
export { openXlsxSheet, XlsxSheetWriter, type XlsxSheetOptions } from './write/xlsx-stream';
export { XLSX_MAX_COLUMNS, XLSX_MAX_ROWS } from './write/xlsx-cells';
// Reading: the first sheet of an uploaded CSV or XLSX file, with a zip-bomb guard.
export type { Cell, Sheet } from './read/sheet';
export { readCsvSheet } from './read/csv-sheet.reader';
export { readXlsxSheet } from './read/xlsx-sheet.reader';
export { inflatedSizeOf, type ZipSize } from './read/zip-size.guard';
