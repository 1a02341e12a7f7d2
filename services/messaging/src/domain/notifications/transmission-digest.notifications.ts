import type { Tx } from '../../data-access/database';
import {
  countTransmissions,
  lockBatchDue,
  markDigestsSent,
  transmissionsByCompany,
} from '../../data-access/batch.repository';
import { recipientsOf } from '../../data-access/recipient.repository';
import { transmissionDigestMail } from '../mail-templates';
import type { MailDraft, MailQueue } from './mail.types';
import { companyNameOr, type NotificationLinks } from './notification-links';

/** Digests rendered and written per INSERT (the e-mail outbox's own chunk size). */
const DIGEST_WRITE_CHUNK = 1_000;

/**
 * A batch's digests go out once the batch is complete: its TransmissionBatchDispatched says how
 * many LicenceTransmitted to expect (itemCount), and they arrive in any order and in parallel.
 * So completeness is checked under the batch's lock, after the events' own commits (a check
 * sees every transmission committed before it), and the first check that finds the batch whole
 * writes one digest per company user who wants it and marks the batch, in one transaction.
 * Answers how many mails were enqueued.
 */
export async function sendDigestsIfComplete(
  tx: Tx,
  deps: { mail: MailQueue; links: NotificationLinks; now: Date },
  batchId: string,
): Promise<number> {
  const batch = await lockBatchDue(tx, batchId);
  if (!batch) return 0;
  if ((await countTransmissions(tx, batch.id)) < batch.itemCount) return 0;
  await markDigestsSent(tx, batch.id, deps.now);
  const companies = await transmissionsByCompany(tx, batch.id);
  const byCompany = new Map(companies.map((c) => [c.companyId, c]));
  // Rendered and written a chunk at a time, pipelined: the next chunk is rendered while the
  // database inserts the one before (the transaction's client runs its queries in order), so
  // 10,000 digests cost about the larger of the two, not their sum. Still one transaction.
  const writes: Promise<number>[] = [];
  let drafts: MailDraft[] = [];
  const flush = () => {
    if (drafts.length) writes.push(deps.mail.enqueue(tx, drafts));
    drafts = [];
  };
  for (const r of await recipientsOf(tx, [...byCompany.keys()])) {
    if (!r.transmissionDigest) continue;
    const company = byCompany.get(r.companyId)!;
    const unsubscribeUrl = deps.links.unsubscribeUrl(r.emailKey, 'transmissionDigest');
    drafts.push({
      dedupeKey: `${batch.id}:${r.emailKey}:transmission-digest`,
      kind: 'transmission-digest',
      to: { address: r.email, name: r.name },
      ...transmissionDigestMail({
        recipientName: r.name,
        companyName: companyNameOr(company.companyName),
        batchRunNumber: batch.runNumber,
        dispatchedAt: batch.dispatchedAt,
        licences: company.licences,
        licencesUrl: `${deps.links.baseUrl}/licences`,
        unsubscribeUrl,
      }),
      unsubscribeUrl,
    });
    if (drafts.length >= DIGEST_WRITE_CHUNK) {
      flush();
      // Let the chunk's INSERT go out before rendering the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  flush();
  // allSettled first: no write may still be running when a failure rolls the transaction back.
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((x) => x.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.reduce((n, x) => n + (x.status === 'fulfilled' ? x.value : 0), 0);
}
