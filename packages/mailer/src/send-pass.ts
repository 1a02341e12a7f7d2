import type { OutboxMail } from './compose-message';
import { deliverMail } from './deliver-mail';
import { claimDueMail, handBackMail } from './outbox-queries';
import type { SendPassOptions, SendPassResult } from './send-pass.types';
import { sentMarks } from './sent-marks';
import { outboxTable } from './sql';

export type { SendPassOptions, SendPassResult } from './send-pass.types';

/**
 * Accepted mails whose mark has not returned, beyond the `concurrency` in flight: no send starts
 * while in-flight and unmarked mails together reach `concurrency` + MAX_UNMARKED_MAILS. So a crash
 * of the service makes the sender send again at most that many mails (docs/reliability.md,
 * "E-mail outbox"). 4 measured no slower than 8 (5,000 mails at concurrency 1 and 4; a mark
 * UPDATE carried 1.3 to 1.6 mails on average).
 */
export const MAX_UNMARKED_MAILS = 4;

interface Claimed {
  mail: OutboxMail;
  claimedAt: number;
}

/**
 * Sends what is due until a claim comes back short. Rows are claimed batchSize at a time
 * (claimDueMail); the next claim starts while a batch is still waiting, so the `concurrency`
 * workers do not wait for one. Accepted mails are marked by one UPDATE at a time, those accepted
 * while it runs together in the next (sentMarks), while the workers go on; failed attempts are
 * recorded one by one. No send starts once half the claim's lease is gone: it ends (socket
 * time-out included) well before the lease does. Rows not started (an outage, a stop, half the
 * lease gone, a database error) are handed back at once; the marks waiting are written before the
 * pass returns.
 */
export async function sendDueMail(options: SendPassOptions): Promise<SendPassResult> {
  const { pool, logger, concurrency, batchSize, signal } = options;
  const table = outboxTable(options.schema);
  const result: SendPassResult = { claimed: 0, sent: 0, retried: 0, failed: 0, unavailable: false };
  const queue: Claimed[] = [];
  const handingBack = new Set<Promise<void>>();
  let broken: unknown;
  let moreDue = true;
  let claiming: Promise<void> | undefined;
  let inFlight = 0;

  const marks = sentMarks({
    pool,
    table,
    logger,
    onMarked(batch) {
      result.sent += batch.length;
      for (const mark of batch) logger.debug(mark.log, 'mail sent');
    },
    onFailure(error) {
      broken ??= error;
    },
  });
  const going = () => !result.unavailable && broken === undefined && !signal?.aborted;
  // A claim waits for a commit (a few ms, at times tens): it starts while a whole batch still waits.
  const lowWater = Math.max(concurrency, batchSize);

  const claimMore = () => {
    if (claiming || !moreDue || !going() || queue.length >= lowWater) return;
    claiming = (async () => {
      try {
        const claimedAt = Date.now();
        const mails = await claimDueMail(pool, table, batchSize, options.leaseMs);
        result.claimed += mails.length;
        moreDue = mails.length === batchSize;
        for (const mail of mails) queue.push({ mail, claimedAt });
      } catch (error) {
        broken ??= error;
      } finally {
        claiming = undefined;
      }
    })();
  };

  const handBack = (mails: OutboxMail[]) => {
    const done = handBackMail(
      pool,
      table,
      mails.map((mail) => mail.id),
    )
      .catch((error: unknown) => {
        logger.warn(
          { err: error, rows: mails.length },
          'could not hand back claimed mail; it waits for its lease',
        );
      })
      .finally(() => handingBack.delete(done));
    handingBack.add(done);
  };

  const worker = async () => {
    for (;;) {
      claimMore();
      if (!going()) return;
      const next = queue[0];
      if (!next) {
        if (!claiming) return;
        await claiming;
        continue;
      }
      if (inFlight + marks.unmarked >= concurrency + MAX_UNMARKED_MAILS) {
        await marks.progress();
        continue;
      }
      const stale: OutboxMail[] = [];
      while (queue[0] && Date.now() - queue[0].claimedAt >= options.leaseMs / 2)
        stale.push(queue.shift()!.mail);
      if (stale.length > 0) {
        handBack(stale);
        continue;
      }
      queue.shift();
      inFlight += 1;
      try {
        await deliverMail(next.mail, table, options, result, marks);
      } catch (error) {
        broken ??= error;
      } finally {
        inFlight -= 1;
      }
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  await claiming; // rows it brings after the workers stopped are handed back below
  await marks.flush();
  if (queue.length > 0) handBack(queue.splice(0).map((claimed) => claimed.mail));
  while (handingBack.size > 0) await Promise.all(handingBack);
  if (broken !== undefined) throw broken;
  return result;
}
