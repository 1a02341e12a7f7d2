/**
 * One licence row as the report index reads it (data-access/licence-index.repository): day
 * numbers are days since 1970-01-01, the status change in ms since the epoch.
 */
export type IndexRow = [
  slot: number,
  submitted: boolean,
  urgent: boolean,
  sector: string | null,
  memberState: string | null,
  sme: string | null,
  licenceType: string | null,
  productType: string | null,
  customsStatus: string,
  status: string,
  exporterName: string | null,
  exporterCreditCode: string | null,
  elements: string[] | null,
  submittedDay: number | null,
  applicationDay: number | null,
  decisionDay: number | null,
  statusChangedMs: number | null,
  transmissionCount: number,
];

/** Where a sync stopped: the snapshot it read in, and the generation of the licence rows. */
export interface IndexSnapshot {
  xmax: string;
  xip: string[];
  generation: string;
}

/** What a read hands the index: `reset` first when every row comes again, then pages of rows. */
export interface IndexSink {
  reset(maxSlot: number): void;
  rows(rows: IndexRow[]): void;
}

/** Reads the rows a sync lacks (see readIndexChanges); answers where the next read starts. */
export type ReadIndexChanges = (since: IndexSnapshot | null, sink: IndexSink) => Promise<IndexSnapshot>;
