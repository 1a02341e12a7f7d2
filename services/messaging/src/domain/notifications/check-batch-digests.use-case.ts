import { batchesDue } from '../../data-access/batch.repository';
import { withTransaction, type Db } from '../../data-access/database';
import type { Clock } from '../clock';
import type { MailQueue } from './mail.types';
import type { NotificationLinks } from './notification.types';
import { sendDigestsIfComplete } from './transmission-digest.notifications';

export interface DigestCheckDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
}

/** Sends the batch's digests if it is complete now (each batch's digests once, whoever checks). */
export async function checkBatchDigests(deps: DigestCheckDeps, batchIds?: string[]): Promise<number> {
  let mails = 0;
  for (const batchId of batchIds ?? (await batchesDue(deps.db))) {
    mails += await withTransaction(deps.db, (tx) =>
      sendDigestsIfComplete(tx, { ...deps, now: deps.clock() }, batchId),
    );
  }
  if (mails > 0) deps.mail.wake();
  return mails;
}
