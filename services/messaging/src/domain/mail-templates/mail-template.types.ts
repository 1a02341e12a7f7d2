import type { LicenceStatus } from '@lmp/contracts';
import type { DateInput } from './mail-format';

/** What every template returns: a one-line subject, the plain-text part and the HTML part. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MessageSide = 'company' | 'commission';

export interface NewMessageMailInput {
  /** Null: greeted without a name (the Commission mailbox). */
  recipientName: string | null;
  companyName: string;
  threadSubject: string;
  /** Null for the company's general thread. */
  licenceNumber: string | null;
  /** The message body (or its start); cut to about 500 characters here. */
  excerpt: string;
  /** Who wrote: 'commission' → the mail goes to the company's users; 'company' → to the Commission mailbox. */
  fromSide: MessageSide;
  threadUrl: string;
  /** Absent for the Commission mailbox: an operational, shared address has no one-click unsubscribe. */
  unsubscribeUrl?: string;
}

export interface ConfirmationRequestMailInput {
  recipientName: string | null;
  companyName: string;
  licenceNumber: string;
  reportedStatus: LicenceStatus;
  /** The decision date MOFCOM gave, when it gave one (`YYYY-MM-DD`). */
  reportedDate: DateInput | null;
  confirmUrl: string;
  unsubscribeUrl: string;
}

export interface TransmittedLicence {
  licenceNumber: string;
  /** Null while no event has told it (shown as UNKNOWN_DATE, never made up). */
  applicationDate: DateInput | null;
  /** How many batches have carried this licence, this one included. */
  timesTransmitted: number;
}

export interface TransmissionDigestMailInput {
  recipientName: string | null;
  companyName: string;
  batchRunNumber: number;
  dispatchedAt: DateInput;
  licences: TransmittedLicence[];
  /**
   * How many of the company's licences the batch carried, when `licences` lists only some of
   * them (the first DIGEST_MAX_ROWS, as the caller read them); default: all are listed.
   */
  licenceCount?: number;
  licencesUrl: string;
  unsubscribeUrl: string;
}

export interface StaleLicence {
  licenceNumber: string;
  status: LicenceStatus;
  lastChangeAt: DateInput;
  lastTransmittedAt: DateInput;
}

export interface StaleReminderMailInput {
  recipientName: string | null;
  companyName: string;
  licences: StaleLicence[];
  /** The rule's threshold, for the wording. Default 14. */
  staleAfterDays?: number;
  licencesUrl: string;
  unsubscribeUrl: string;
}

export interface InvitationMailInput {
  inviteeEmail: string;
  companyName: string;
  invitedByName: string;
  expiresAt: DateInput;
  signInUrl: string;
}

export interface LicenceTransferredMailInput {
  /** Which company the mail goes to: the one that lost the licence, or the one that holds it now. */
  side: 'previous-holder' | 'new-holder';
  recipientName: string | null;
  /** The recipient's own company (never the other one). */
  companyName: string;
  licenceNumber: string;
  transferredAt: DateInput;
  /** New holder: the licence's page; previous holder: the company's general thread. */
  actionUrl: string;
}

export interface DigestThread {
  threadSubject: string;
  /** The thread's company: shown in the Commission's digest. */
  companyName: string;
  licenceNumber: string | null;
  newMessages: number;
  lastMessageAt: DateInput;
  /** The newest message's body (or its start). */
  excerpt: string;
  threadUrl: string;
}

export interface DailyMessageDigestMailInput {
  recipientName: string | null;
  /** The recipient's company; for the Commission mailbox, the side says so and this is unused. */
  companyName: string;
  /** Who receives it: a company user, or the Commission mailbox. Default 'company'. */
  recipientSide?: MessageSide;
  /** The day the digest covers. */
  day: DateInput;
  threads: DigestThread[];
  inboxUrl: string;
  /** Absent for the Commission mailbox (operational, shared: no one-click unsubscribe). */
  unsubscribeUrl?: string;
}
