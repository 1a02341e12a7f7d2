import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ZBroadcastInput, type Broadcast } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import {
  findBroadcastByKey,
  insertBroadcast,
  markBroadcastComplete,
  matchBroadcastTargets,
  writeBroadcastChunk,
} from '../../data-access/broadcast.repository';
import { withTransaction, type Db } from '../../data-access/database';
import type { Clock } from '../clock';
import type { Caller } from '../identity/caller';
import { broadcastMails } from '../notifications/broadcast.notifications';
import type { MailQueue } from '../notifications/mail.types';
import type { NotificationLinks } from '../notifications/notification-links';
import { GENERAL_SUBJECT } from '../threads/views';
import type { BroadcastRecord } from './broadcast.types';
import { toBroadcastView } from './broadcast-view';

export interface BroadcastDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
  chunkSize: number;
}

/**
 * The Commission writes once to every company holding a matching licence: one message in each
 * company's general thread, written (with its e-mail) one chunk of companies per transaction.
 * The companies are fixed when the broadcast is recorded, and each thread takes one message of
 * a broadcast at most, so a retry with the same Idempotency-Key finishes what a failed request
 * left and writes nothing twice. `dryRun` answers how many companies and licences match.
 */
export async function sendBroadcast(
  deps: BroadcastDeps,
  caller: Caller,
  input: unknown,
  idempotencyKey?: string,
): Promise<{ created: boolean; result: Broadcast | { dryRun: true; companies: number; licences: number } }> {
  const b = parseOrThrow(ZBroadcastInput, input);
  if (!b.dryRun && idempotencyKey) {
    const earlier = await findBroadcastByKey(deps.db, idempotencyKey);
    if (earlier) {
      const same =
        earlier.subject === b.subject &&
        earlier.body === b.body &&
        isDeepStrictEqual(earlier.filter, b.filter);
      if (!same)
        throw new AppError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for another broadcast');
      return { created: false, result: toBroadcastView(await deliver(deps, earlier)) };
    }
  }
  const targets = await matchBroadcastTargets(deps.db, b.filter);
  const licences = targets.reduce((n, t) => n + t.licences, 0);
  if (b.dryRun) return { created: false, result: { dryRun: true, companies: targets.length, licences } };
  const recorded = await insertBroadcast(deps.db, {
    id: randomUUID(),
    idempotencyKey: idempotencyKey ?? null,
    filter: b.filter,
    subject: b.subject,
    body: b.body,
    sentByKey: caller.key,
    sentByName: caller.name,
    createdAt: deps.clock().toISOString(),
    companyCount: targets.length,
    licenceCount: licences,
    companyIds: targets.map((t) => t.companyId),
    completedAt: null,
  });
  return { created: true, result: toBroadcastView(await deliver(deps, recorded)) };
}

async function deliver(deps: BroadcastDeps, broadcast: BroadcastRecord): Promise<BroadcastRecord> {
  if (broadcast.completedAt) return broadcast;
  const at = new Date(broadcast.createdAt);
  for (let i = 0; i < broadcast.companyIds.length; i += deps.chunkSize) {
    const companyIds = broadcast.companyIds.slice(i, i + deps.chunkSize);
    const mails = await withTransaction(deps.db, async (tx) => {
      const written = await writeBroadcastChunk(tx, {
        broadcast,
        companyIds,
        at,
        subjectOfThread: GENERAL_SUBJECT,
      });
      return broadcastMails(tx, deps, broadcast, written);
    });
    if (mails > 0) deps.mail.wake();
  }
  const completedAt = deps.clock();
  await markBroadcastComplete(deps.db, broadcast.id, completedAt);
  return { ...broadcast, completedAt: completedAt.toISOString() };
}
