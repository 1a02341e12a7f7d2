import type { LicenceRecord } from '../licence/licence.types';

/** What a snapshot can list: one endpoint each. */
export type SnapshotKind = 'companies' | 'licences';

/** A company line of the snapshot: what reporting keeps of it (its dimensions), and when it changed. */
export interface SnapshotCompany {
  id: string;
  name: string;
  eori: string;
  country: string;
  memberState: string;
  sme: boolean;
  sector: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A licence line: the licence as the API shows it, with its transmissions as count and last date
 * (the summary kept on the row) instead of the list of dates.
 */
export type SnapshotLicence = LicenceRecord;

/** The last line of every complete snapshot: a stream without it was cut short. */
export interface SnapshotEnd {
  end: true;
  count: number;
  /** The database's time when the snapshot was taken: what committed before it is in, later commits are not. */
  asOf: string;
}

/** One page of rows in id order, after the given id (exclusive). */
export interface SnapshotPageQuery {
  after: string | null;
  limit: number;
  /** Only rows whose updatedAt is at or after this instant. */
  since?: string;
}

/** A consistent, read-only view of the database, on one connection until closed. */
export interface SnapshotSession {
  asOf: string;
  companies(query: SnapshotPageQuery): Promise<SnapshotCompany[]>;
  licences(query: SnapshotPageQuery): Promise<SnapshotLicence[]>;
  close(): Promise<void>;
}
