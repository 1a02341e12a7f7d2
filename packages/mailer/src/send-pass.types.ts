import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { Logger } from '@lmp/logger';
import type { Sender } from './compose-message';
import type { RetryPolicy } from './retry-policy';

/** What one pass of the sender is given, and what it answers. */
export interface SendPassOptions {
  pool: Pool;
  schema: string;
  transport: Transporter;
  from: Sender;
  messageIdDomain: string;
  logger: Logger;
  /** Rows per claim. */
  batchSize: number;
  /** Messages in flight at once (one per SMTP connection). */
  concurrency: number;
  /** How long a claim keeps other senders off the claimed rows. */
  leaseMs: number;
  retry: Required<RetryPolicy>;
  /** Aborted: finish the sends in flight, mark them, hand the rest back. */
  signal?: AbortSignal;
}

export interface SendPassResult {
  claimed: number;
  /** Mails accepted by the server and marked sent. */
  sent: number;
  /** Attempts that failed and will be retried. */
  retried: number;
  /** Rows given up (failed_at set) in this pass. */
  failed: number;
  /** The server could not be reached (or refuses every message): the pass stopped early. */
  unavailable: boolean;
}
