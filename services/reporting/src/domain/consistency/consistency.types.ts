/** A company as the read model holds it, in the snapshot's terms. */
export interface ReadModelCompany {
  id: string;
  name: string;
  eori: string;
  country: string;
  memberState: string;
  sme: boolean;
  sector: string;
}

/** The dimensions a licence row copies from its company (null until the company is known). */
export interface CompanyDimensions {
  companyName: string | null;
  companyEori: string | null;
  companyCountry: string | null;
  memberState: string | null;
  sme: boolean | null;
  companySector: string | null;
}

/** A licence row of the read model, in the snapshot's terms (dates as YYYY-MM-DD, instants ISO). */
export interface ReadModelLicence extends CompanyDimensions {
  id: string;
  companyId: string | null;
  licenceNumber: string | null;
  /** False for a row only later events made (its LicenceSubmitted not applied yet). */
  submitted: boolean;
  licenceType: string | null;
  validFrom: string | null;
  validTo: string | null;
  applicationDate: string | null;
  exporterName: string | null;
  sector: string | null;
  elements: string[];
  productType: string | null;
  quantityKg: number | null;
  valueEur: number | null;
  urgent: boolean;
  status: string;
  decisionDate: string | null;
  customsStatus: string;
  source: string | null;
  submittedAt: string | null;
  transmissionCount: number;
  lastTransmittedAt: string | null;
  /** Its company's row in the read model, to check the dimensions copied onto the licence. */
  company: CompanyDimensions | null;
}

export type RowKind = 'company' | 'licence';

export interface RowRef {
  kind: RowKind;
  id: string;
}

export interface Difference extends RowRef {
  field: string;
  /** The source of truth's value (the licences snapshot). */
  expected: unknown;
  /** The read model's. */
  actual: unknown;
}

export interface ConsistencyReport {
  /** True when nothing is missing, extra or different. */
  consistent: boolean;
  /** When each snapshot was taken (the licences database's clock). */
  asOf: { companies: string; licences: string };
  /** Rows of the snapshot compared. */
  checked: { companies: number; licences: number };
  /** Every difference counted; the lists below hold the first `limit` of each. */
  counts: { missing: number; extra: number; different: number };
  /** In the snapshot, not in the read model. */
  missing: RowRef[];
  /** In the read model, not in the snapshot. */
  extra: RowRef[];
  different: Difference[];
}

/** The licence row a rebuild writes, from one snapshot line. */
export interface RebuiltLicence {
  id: string;
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  version: number;
  licenceType: string;
  validFrom: string | null;
  validTo: string | null;
  applicationDate: string;
  exporterName: string;
  exporterCreditCode: string | null;
  sector: string;
  elements: string[];
  productType: string;
  quantityKg: number;
  valueEur: number | null;
  urgent: boolean;
  status: string;
  decisionDate: string | null;
  customsStatus: string;
  source: string;
  submittedAt: string;
  updatedAt: string;
  transmissionCount: number;
  lastTransmittedAt: string | null;
}

/** The company row a rebuild writes; `eventAt` is its snapshot's updatedAt. */
export interface RebuiltCompany extends ReadModelCompany {
  eventAt: string;
}
