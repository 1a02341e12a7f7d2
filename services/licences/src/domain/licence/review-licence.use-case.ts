import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboxNotifier } from '@lmp/bus';
import type { Licence } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { insertHistory } from '../../data-access/licence-history.repository';
import { transmissionDates } from '../../data-access/licence-transmission.repository';
import { findLicence, updateLicence } from '../../data-access/licence.repository';
import { saveEvents } from '../../data-access/outbox';
import { assertCanSee, assertOperator, type Actor } from '../identity/actor';
import { eventMeta } from '../event-meta';
import { licenceChangedEvents } from './licence-events';
import { assertId } from '../resource-id';
import { ifMatchAccepts, toLicence } from './licence-view';
import { REVIEW_CLEARED } from './review-flag';

/** POST /licences/:id/review takes no fields (an empty body or `{}`). */
const ZReviewInput = z.strictObject({});

export interface ReviewLicenceOptions {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  licenceId: string;
  input?: unknown;
  /** If-Match: "correct as displayed" is refused (412) when the licence changed since it was displayed. */
  ifMatch?: string;
  now?: Date;
}

/**
 * An operator of the licence's company confirms that a migrated licence is correct as displayed:
 * its "check this migrated licence" flag clears, with a history entry and LicenceUpdated
 * (`changes.reviewRequired`). Confirming a licence that needs no check changes nothing.
 */
export async function reviewLicence(
  options: ReviewLicenceOptions,
): Promise<{ licence: Licence; changed: boolean }> {
  const { db, outbox, actor, licenceId, ifMatch } = options;
  assertId(licenceId, 'licence');
  parseOrThrow(ZReviewInput, options.input ?? {});
  assertOperator(actor, 'Only an operator of the company holding a licence confirms it');
  const now = options.now ?? new Date();
  const outcome = await withTransaction(db, async (tx) => {
    const current = await findLicence(tx, licenceId, { forUpdate: true });
    assertCanSee(actor, current);
    if (ifMatch !== undefined && !ifMatchAccepts(ifMatch, current)) {
      throw new AppError(
        'PRECONDITION.FAILED',
        'The licence changed since you read it; check it again before confirming it',
      );
    }
    if (!current.reviewRequired) {
      const dates = (await transmissionDates(tx, [current.id])).get(current.id) ?? [];
      return { licence: toLicence(current, dates), changed: false };
    }
    const updated = await updateLicence(tx, licenceId, {}, now, { clearReview: true });
    await insertHistory(tx, {
      id: randomUUID(),
      licenceId,
      at: now,
      actorId: actor.userId,
      actorName: actor.name,
      changes: REVIEW_CLEARED,
    });
    await saveEvents(tx, licenceChangedEvents(current, updated, REVIEW_CLEARED, eventMeta(actor, now)));
    const dates = (await transmissionDates(tx, [updated.id])).get(updated.id) ?? [];
    return { licence: toLicence(updated, dates), changed: true };
  });
  if (outcome.changed) outbox.written();
  return outcome;
}
