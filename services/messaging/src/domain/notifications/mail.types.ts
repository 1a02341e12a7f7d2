import type { MailDraft } from '@lmp/mailer';
import type { Tx } from '../../data-access/database';

/** One e-mail for the e-mail outbox; its dedupeKey is cause id + recipient + kind. */
export type { MailDraft };

/** Where e-mail goes: into the outbox in the caller's transaction, sent after the commit. */
export interface MailQueue {
  enqueue(tx: Tx, drafts: MailDraft[]): Promise<number>;
  /** After a commit that enqueued: start sending now rather than at the next poll. */
  wake(): void;
}
