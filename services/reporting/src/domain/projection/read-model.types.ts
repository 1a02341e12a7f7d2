import type {
  CustomsStatus,
  Element,
  LicenceSource,
  LicenceStatus,
  LicenceType,
  MemberState,
  ProductType,
  Sector,
} from '@lmp/contracts';

/** The licence fields that change with the licence, each guarded by the version that set it. */
export interface LicenceFields {
  /** The holding company: set by every licence event at its version, moved by LicenceTransferred. */
  companyId: string;
  licenceType: LicenceType;
  validFrom: string | null;
  validTo: string | null;
  applicationDate: string;
  exporterName: string;
  exporterCreditCode: string | null;
  sector: Sector;
  elements: Element[];
  productType: ProductType;
  quantityKg: number;
  valueEur: number | null;
  urgent: boolean;
  status: LicenceStatus;
  decisionDate: string | null;
  customsStatus: CustomsStatus;
  source: LicenceSource;
  /** When the status last changed: set with `status`, at the same version. */
  statusChangedAt: string;
}

export type LicenceField = keyof LicenceFields;

/**
 * What one licence event says about a licence at the licence version it carries. A field left
 * out of `fields` is one the event says nothing about.
 */
export interface LicenceFacts {
  id: string;
  /** The company the event names (a transfer: the new one); it holds only at the event's version. */
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  version: number;
  /** LicenceSubmitted: the row is complete enough to be reported from now on. */
  submitted: boolean;
  /** Never changes; StatusChanged carries it too, so a row made before LicenceSubmitted has it. */
  submittedAt?: string;
  fields: Partial<LicenceFields>;
}

export type FieldVersions = Partial<Record<LicenceField, number>>;

/** The fields of a fact newer than what the row holds, with the versions to remember. */
export interface LicenceChange {
  facts: LicenceFacts;
  fields: Partial<LicenceFields>;
  fieldVersions: FieldVersions;
}

/** What a licence row held before a batch: the versions its fields were set at, and its company. */
export interface LicenceRowState {
  fieldVersions: FieldVersions;
  companyId: string | null;
}

/**
 * Every change a batch of events makes to one licence row, folded in delivery order: written in
 * one statement, with `companyId` the row's company afterwards (its dimensions are copied).
 */
export interface LicenceRowChange {
  id: string;
  licenceNumber: string;
  numberNormalised: string;
  version: number;
  submitted: boolean;
  submittedAt: string | null;
  companyId: string | null;
  fields: Partial<LicenceFields>;
  fieldVersions: FieldVersions;
}

export interface CompanyFacts {
  id: string;
  name: string;
  eori: string;
  country: string;
  memberState: MemberState;
  sme: boolean;
  sector: Sector;
  /** The event's occurredAt: company events carry no version, so the newest event wins. */
  eventAt: string;
}

export interface TransmissionFacts {
  licenceId: string;
  licenceNumber: string;
  numberNormalised: string;
  batchId: string;
  transmittedAt: string;
}

export interface BatchFacts {
  id: string;
  runNumber: number;
  kind: string;
  period: string;
  itemCount: number;
  dispatchedAt: string;
}

export interface MofcomReportFacts {
  feedbackId: string;
  numberNormalised: string;
  status: LicenceStatus;
  date: string | null;
  receivedAt: string;
}

export interface ConfirmationFacts {
  id: string;
  licenceId: string;
  companyId: string;
  licenceNumber: string;
  decision: 'confirm' | 'correct';
  reportedStatus: LicenceStatus;
  confirmedStatus: LicenceStatus;
  comment: string | null;
  recordedAt: string;
}
