import type { LicenceStatus } from '@lmp/contracts';

export interface NewDiscrepancy {
  id: string;
  confirmationId: string;
  licenceId: string;
  companyId: string;
  licenceNumber: string;
  reportedStatus: LicenceStatus;
  reportedDate: string | null;
  confirmedStatus: LicenceStatus;
  comment: string | null;
  recordedAt: Date;
}

export interface DiscrepancyKeyset {
  recordedAt: string;
  id: string;
}
