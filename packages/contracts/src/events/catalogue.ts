import { z } from 'zod';
import { ZCompanyRegistered, ZCompanyUpdated } from './company.events';
import {
  ZLicenceCustomsStatusChanged,
  ZLicenceStatusChanged,
  ZLicenceSubmitted,
  ZLicenceTransmitted,
  ZLicenceUpdated,
  ZMofcomFeedbackReceived,
  ZIndustryConfirmationRecorded,
  ZTransmissionBatchDispatched,
} from './licence.events';
import {
  ZCompanyInvitationCreated,
  ZLicenceTransferred,
  ZUserJoinedCompany,
  ZUserLeftCompany,
} from './membership.events';

/** Every event of the platform, keyed by type: the one list producers and consumers agree on. */
export const eventSchemas = {
  CompanyRegistered: ZCompanyRegistered,
  CompanyUpdated: ZCompanyUpdated,
  LicenceSubmitted: ZLicenceSubmitted,
  LicenceUpdated: ZLicenceUpdated,
  LicenceStatusChanged: ZLicenceStatusChanged,
  LicenceCustomsStatusChanged: ZLicenceCustomsStatusChanged,
  LicenceTransmitted: ZLicenceTransmitted,
  MofcomFeedbackReceived: ZMofcomFeedbackReceived,
  TransmissionBatchDispatched: ZTransmissionBatchDispatched,
  IndustryConfirmationRecorded: ZIndustryConfirmationRecorded,
  UserJoinedCompany: ZUserJoinedCompany,
  UserLeftCompany: ZUserLeftCompany,
  CompanyInvitationCreated: ZCompanyInvitationCreated,
  LicenceTransferred: ZLicenceTransferred,
} as const;

export type EventType = keyof typeof eventSchemas;
export type DomainEvent = { [K in EventType]: z.infer<(typeof eventSchemas)[K]> }[EventType];
export type EventOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export type EventData<T extends EventType> = EventOf<T>['data'];
