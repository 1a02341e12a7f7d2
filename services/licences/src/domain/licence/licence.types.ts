import type { AnyEnvelope, Licence } from '@lmp/contracts';

/** A licence as stored: the API shape, with the transmission summary kept on the row. */
export type LicenceRecord = Omit<Licence, 'transmissions'> & {
  transmissionCount: number;
  lastTransmittedAt: string | null;
};

/** The editable fields of a licence, flat, as the columns hold them. */
export interface LicenceValues {
  licenceType: LicenceRecord['licenceType'];
  validFrom: string | null;
  validTo: string | null;
  applicationDate: string;
  exporterName: string;
  exporterCreditCode: string | null;
  sector: LicenceRecord['sector'];
  elements: LicenceRecord['elements'];
  productType: LicenceRecord['productType'];
  quantityKg: number;
  valueEur: number | null;
  urgent: boolean;
  urgencyReason: string | null;
  status: LicenceRecord['status'];
  decisionDate: string | null;
  customsStatus: LicenceRecord['customsStatus'];
  customsNote: string | null;
}

export type EditableField = keyof LicenceValues;

/** What changed in one edit: field → before and after. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

export interface HistoryRecord {
  at: string;
  actor: { id: string; name: string };
  changes: Changes;
}

/** A new licence as it will be stored. */
export interface NewLicenceRow {
  id: string;
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  /** Which version of the normalisation computed numberNormalised (re-keyed at start when older). */
  numberKeyVersion: number;
  values: LicenceValues;
  mofcomCentralLevel: boolean;
  source: LicenceRecord['source'];
  /** "Check this migrated licence" (EU Survey migration); false when left out. */
  reviewRequired?: boolean;
  submittedBy: string;
  submittedAt: Date;
}

/** Everything one registration writes, in one statement: row, first history entry, events. */
export interface LicenceRegistration {
  row: NewLicenceRow;
  history: { id: string; actorId: string; actorName: string; changes: Changes };
  events: readonly AnyEnvelope[];
  /** Stored with the licence when the create carried an Idempotency-Key. */
  idempotency?: { userId: string; key: string; requestHash: string; responseBody: unknown };
}
