export type LicenceStatus = 'pending' | 'processing' | 'granted' | 'refused';

/**
 * What one licence event says about a licence, at the licence version it carries. A field left
 * undefined is one the event says nothing about.
 */
export interface LicenceFacts {
  id: string;
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  version: number;
  submittedAt?: string;
  applicationDate?: string;
  status?: LicenceStatus;
  urgent?: boolean;
}

export interface ProjectedLicence {
  id: string;
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  applicationDate: string | null;
  submittedAt: string | null;
  status: LicenceStatus;
  urgent: boolean;
  version: number;
  lastTransmittedAt: string | null;
}
