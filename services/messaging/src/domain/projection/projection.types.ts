import type { Db } from '../../data-access/database';
import type { Clock } from '../clock';
import type { MailQueue } from '../notifications/mail.types';
import type { NotificationLinks } from '../notifications/notification.types';

export type ProjectionOutcome = 'applied' | 'already-applied';

/** What applying an event needs: it may write e-mail in the same transaction. */
export interface ProjectionDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
  /** Asks for a batch's completeness check once this event's transaction has committed. */
  digestChecks: { request(batchId: string): void };
}

/** The licence fields messaging keeps, each set only by an event newer than the one that set it before. */
export interface LicenceFields {
  companyId: string;
  exporterName: string;
  applicationDate: string;
  elements: string[];
  sector: string;
  status: string;
  urgent: boolean;
  /** When the status last changed (the submission for a licence never changed). */
  statusChangedAt: string;
}

export type LicenceField = keyof LicenceFields;

/** What one licence event says, at the licence version it carries. */
export interface LicenceFacts {
  id: string;
  licenceNumber: string;
  numberNormalised: string;
  version: number;
  submitted: boolean;
  fields: Partial<LicenceFields>;
}

export interface LicenceChange {
  facts: LicenceFacts;
  fields: Partial<LicenceFields>;
  fieldVersions: Partial<Record<LicenceField, number>>;
}

export interface CompanyFacts {
  id: string;
  name: string;
  memberState: string;
  sector: string;
  eventAt: string;
}

export interface Membership {
  companyId: string;
  userId: string;
  email: string;
  name: string;
  role: string;
}
