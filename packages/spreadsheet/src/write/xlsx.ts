import type { CellValue } from './csv';
import { neutraliseFormula } from './formula';

/**
 * A value for an XLSX cell: text neutralised (a workbook re-saved as CSV, or a cell edited and
 * confirmed, must not turn a stored `=…` into a formula), numbers, booleans and dates as
 * themselves, nothing as an empty cell.
 */
export function xlsxCellValue(value: CellValue): string | number | boolean | Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return neutraliseFormula(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
