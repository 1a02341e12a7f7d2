import type { FeedbackOutcome, FeedbackSource, LicenceStatus } from '@lmp/contracts';

/** A row as received: its number as the sender sees it and its cells as given (trimmed; empty as null). */
export interface ReceivedRow {
  row: number;
  licenceNumber: string | null;
  status: string | null;
  date: string | null;
}

/** A row that passed its checks. */
export interface ValidRow extends ReceivedRow {
  numberNormalised: string;
  valid: { status: LicenceStatus; date: string | null };
}

/** A row with its outcome, as stored in feedback_rows. */
export interface FeedbackRowRecord extends ReceivedRow {
  numberNormalised: string | null;
  outcome: FeedbackOutcome;
  reason: string | null;
  licenceId: string | null;
  feedbackKey: string | null;
  eventId: string | null;
}

export type FeedbackCounts = Record<FeedbackOutcome, number>;

export interface NewSubmission {
  id: string;
  receivedAt: Date;
  receivedBy: { id: string; name: string };
  source: FeedbackSource;
  sha256: string;
  rowCount: number;
  counts: FeedbackCounts;
}

/** A licence of the projection that a feedback number may name. */
export interface FeedbackLicence {
  id: string;
  licenceNumber: string;
  numberNormalised: string;
  status: LicenceStatus;
}

/** A matched row received before, found by its feedback key. */
export interface EarlierFeedback {
  feedbackKey: string;
  submissionId: string;
  row: number;
  receivedAt: string;
}

export interface SubmissionKeyset {
  receivedAt: string;
  id: string;
}
