import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ZBroadcastInput, type Broadcast, type BroadcastInput } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import {
  findBroadcastByKey,
  insertBroadcast,
  matchBroadcastTargets,
  withBroadcastLock,
} from '../../data-access/broadcast.repository';
import type { Caller } from '../identity/caller';
import { assertReachesACompany } from './broadcast.rules';
import type { BroadcastRecord } from './broadcast.types';
import { toBroadcastView } from './broadcast-view';
import { finishBroadcastWaiting, writeBroadcast, type BroadcastDeps } from './deliver-broadcast';

export type { BroadcastDeps };

/**
 * The Commission writes once to every company holding a matching licence: one message in each
 * company's general thread, written (with its e-mail) one chunk of companies per transaction.
 * The companies are fixed when the broadcast is recorded, and each thread takes one message of
 * a broadcast at most, so a retry with the same Idempotency-Key finishes what a failed request
 * left and writes nothing twice; one sent without a key is finished by the resume sweep
 * (resume-broadcasts.use-case.ts). Whoever writes a broadcast holds its lock, taken before the
 * broadcast is recorded, so the sweep never writes one a live request is writing.
 * `dryRun` answers how many companies and licences match.
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
      assertSameBroadcast(earlier, b);
      if (earlier.completedAt) return { created: false, result: toBroadcastView(earlier) };
      return { created: false, result: toBroadcastView(await finishBroadcastWaiting(deps, earlier.id)) };
    }
  }
  const targets = await matchBroadcastTargets(deps.db, b.filter);
  const licences = targets.reduce((n, t) => n + t.licences, 0);
  if (b.dryRun) return { created: false, result: { dryRun: true, companies: targets.length, licences } };
  assertReachesACompany(targets);
  const id = randomUUID();
  const outcome = await withBroadcastLock(deps.db, id, async (session) => {
    const recorded = await insertBroadcast(session.client, {
      id,
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
    // A parallel request with the same key recorded it first: that one is its writer.
    if (recorded.id !== id) return { created: false as const, recorded };
    return { created: true as const, broadcast: (await writeBroadcast(deps, session, recorded)).broadcast };
  });
  // A fresh id is locked by nobody else (unless its hash meets another lock's: nothing is recorded then).
  if (!outcome.locked)
    throw new AppError('RESOURCE.CONFLICT', 'The broadcast could not be started; send it again');
  const done = outcome.value;
  if (done.created) return { created: true, result: toBroadcastView(done.broadcast) };
  // Answered as a retry of it only if it is the same broadcast, as when the key was used earlier.
  assertSameBroadcast(done.recorded, b);
  return { created: false, result: toBroadcastView(await finishBroadcastWaiting(deps, done.recorded.id)) };
}

/** A key names one broadcast: sent again with another subject, body or filter, it is refused. */
function assertSameBroadcast(recorded: BroadcastRecord, b: BroadcastInput): void {
  const same =
    recorded.subject === b.subject &&
    recorded.body === b.body &&
    isDeepStrictEqual(recorded.filter, b.filter);
  if (!same)
    throw new AppError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for another broadcast');
}
