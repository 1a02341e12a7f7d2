import type { EventType } from './catalogue';

/**
 * Which service consumes which events, platform-wide: one quorum queue per consuming service and
 * event group. Every service declares the whole map at start, so a queue exists for every event
 * from the first day, even before its consumer is deployed: events wait there (the reporting
 * read models are later built from them) instead of being unroutable, and `mandatory` publishing
 * can treat an unroutable event as the error it is.
 */
export const eventSubscriptions = {
  'licences.transmission-events': ['LicenceTransmitted', 'MofcomFeedbackReceived'],
  'transmissions.licence-events': ['LicenceSubmitted', 'LicenceStatusChanged', 'LicenceUpdated'],
  'transmissions.confirmation-events': ['IndustryConfirmationRecorded'],
  'messaging.licence-events': [
    'CompanyRegistered',
    'CompanyUpdated',
    'LicenceSubmitted',
    'LicenceUpdated',
    'LicenceStatusChanged',
    'LicenceTransferred',
    'LicenceTransmitted',
    'MofcomFeedbackReceived',
    'IndustryConfirmationRecorded',
    'TransmissionBatchDispatched',
  ],
  'messaging.membership-events': ['UserJoinedCompany', 'UserLeftCompany', 'CompanyInvitationCreated'],
  'reporting.platform-events': [
    'CompanyRegistered',
    'CompanyUpdated',
    'LicenceSubmitted',
    'LicenceUpdated',
    'LicenceStatusChanged',
    'LicenceCustomsStatusChanged',
    'LicenceTransmitted',
    'MofcomFeedbackReceived',
    'IndustryConfirmationRecorded',
    'TransmissionBatchDispatched',
    'LicenceTransferred',
  ],
} as const satisfies Record<string, readonly EventType[]>;

export type SubscriptionQueue = keyof typeof eventSubscriptions;

export const platformQueues = Object.entries(eventSubscriptions).map(([name, eventTypes]) => ({
  name,
  eventTypes: eventTypes as readonly EventType[],
}));
