import { randomUUID } from 'node:crypto';
import type { Licence, LicencePatch } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Tx } from '../../data-access/database';
import { insertHistory } from '../../data-access/licence-history.repository';
import { transmissionDates } from '../../data-access/licence-transmission.repository';
import { findLicence, updateLicence as writeLicence } from '../../data-access/licence.repository';
import { saveEvents } from '../../data-access/outbox';
import { assertCanSee, assertOperator, type Actor } from '../identity/actor';
import { eventMeta } from '../event-meta';
import { licenceChangedEvents } from './licence-events';
import { assertLicenceRules } from './licence-rules';
import { applyPatch, diffValues, ruleSubjectOf, valuesOfRecord } from './licence-values';
import { ifMatchAccepts, toLicence } from './licence-view';
import { REVIEW_CLEARED } from './review-flag';

export interface LicencePatchOptions {
  actor: Actor;
  licenceId: string;
  patch: LicencePatch;
  /** If-Match: the ETag the client last read; a stale one is refused with 412. */
  ifMatch?: string;
  now?: Date;
}

/**
 * An edit inside the caller's transaction: the rules, the history entry and the events. Used by
 * the edit (PATCH) and by industry confirmations, so both change a licence the same way.
 */
export async function applyLicencePatch(tx: Tx, options: LicencePatchOptions): Promise<Licence> {
  const { actor, licenceId, ifMatch, patch } = options;
  assertOperator(actor, 'Only the company holding a licence edits it');
  const current = await findLicence(tx, licenceId, { forUpdate: true });
  assertCanSee(actor, current);
  if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, current)) {
    throw new AppError(
      'PRECONDITION.FAILED',
      'The licence changed since you read it; reload it and apply your edit again',
    );
  }
  const before = valuesOfRecord(current);
  const after = applyPatch(before, patch);
  const now = options.now ?? new Date();
  assertLicenceRules(ruleSubjectOf(after), now);
  const fieldChanges = diffValues(before, after);
  // An operator's edit of a migrated licence is its check, even one that keeps every value.
  const changes = current.reviewRequired ? { ...fieldChanges, ...REVIEW_CLEARED } : fieldChanges;
  if (Object.keys(changes).length === 0) {
    return toLicence(current, (await transmissionDates(tx, [current.id])).get(current.id) ?? []);
  }
  const updated = await writeLicence(
    tx,
    licenceId,
    Object.fromEntries(Object.keys(fieldChanges).map((k) => [k, after[k as keyof typeof after]])),
    now,
    { clearReview: current.reviewRequired },
  );
  await insertHistory(tx, {
    id: randomUUID(),
    licenceId,
    at: now,
    actorId: actor.userId,
    actorName: actor.name,
    changes,
  });
  await saveEvents(tx, licenceChangedEvents(current, updated, changes, eventMeta(actor, now)));
  return toLicence(updated, (await transmissionDates(tx, [updated.id])).get(updated.id) ?? []);
}
