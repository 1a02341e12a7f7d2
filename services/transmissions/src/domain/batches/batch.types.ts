import type { Batch, BatchItem, BatchKind, BatchStatus } from '@lmp/contracts';

export type { Batch, BatchItem, BatchKind, BatchStatus };

/** What a batch takes from the projection: the rule in eligibility.ts, applied in SQL. */
export interface EligibilityCriteria {
  /** Only licences submitted at or before the cut-off. */
  cutOff: Date;
  urgentOnly: boolean;
  /** Urgent batches: leave out licences transmitted after this instant. */
  notTransmittedSince?: Date;
}

export interface NewBatch {
  id: string;
  kind: BatchKind;
  slotKey: string | null;
  period: string;
  cutOff: Date;
  late: boolean;
}

/** One line of the MOFCOM file: nothing else about the licence goes into it. */
export interface FileRow {
  licenceNumber: string;
  submissionDate: string;
}

/** Position after the last item of a page, in file order. */
export interface ItemKeyset {
  licenceNumber: string;
  licenceId: string;
}

export interface BatchKeyset {
  runNumber: number;
}
