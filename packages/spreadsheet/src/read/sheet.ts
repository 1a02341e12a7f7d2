export type Cell = string | number | boolean | Date | null;

/** A file's first sheet: the header row's cells, then each row with its number as the user sees it. */
export interface Sheet {
  header: Cell[];
  rows: { row: number; cells: Cell[] }[];
}
