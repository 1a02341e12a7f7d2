import type { OutboxNotifier } from '@lmp/bus';
import { ZLicenceInput, type Licence, type LicenceInput } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, type Db } from '../../data-access/database';
import { IDEMPOTENCY_UNIQUE, type KeyRef } from '../../data-access/idempotency.repository';
import { insertLicenceRegistration, LICENCE_NUMBER_UNIQUE } from '../../data-access/licence.repository';
import { assertOperatorWithCompany, type Actor } from '../identity/actor';
import { storedAnswerFor } from '../idempotency/idempotency-keys';
import { requestHash } from '../idempotency/request-hash';
import { duplicateNumberError } from '../licence/duplicate-number';
import { assertLicenceRules } from '../licence/licence-rules';
import { ruleSubjectOf, valuesOfInput } from '../licence/licence-values';
import { newRegistration } from '../licence/new-registration';

export interface RegisterLicenceOptions {
  db: Db;
  actor: Actor;
  input: unknown;
  /** Idempotency-Key header: a retry with the same key and body returns the first result. */
  idempotencyKey?: string;
  source?: Licence['source'];
  now?: Date;
  /** Wakes the outbox relay once the licence and its event are committed. */
  outbox: OutboxNotifier;
}

/**
 * What the key is bound to: the validated input, with the schema's defaults applied and its
 * trimming done, in canonical form. So a retry with the keys in another order, other spacing, or
 * `urgent: false` where the first left `urgent` out is the same request and is replayed: the
 * parsed input is all the use case acts on, so two bodies that parse alike would register the
 * same licence, and a client library that fills in (or drops) defaults between attempts must not
 * be told it reused its key. Anything that parses differently is another request.
 */
function registrationHash(data: LicenceInput, source: Licence['source']): string {
  return requestHash('POST /licences', { source, licence: data });
}

async function replay(db: Db, ref: KeyRef, hash: string): Promise<Licence | undefined> {
  return (await storedAnswerFor(db, ref, hash))?.body as Licence | undefined;
}

/** Registers a licence for the actor's company: the record, its first history entry and LicenceSubmitted. */
export async function registerLicence(
  options: RegisterLicenceOptions,
): Promise<{ licence: Licence; replayed: boolean }> {
  const { db, actor, input, idempotencyKey } = options;
  assertOperatorWithCompany(actor);
  // Validate first: a bad body is a 422 whatever the key, and is never hashed or stored.
  const data = parseOrThrow(ZLicenceInput, input);
  const source = options.source ?? 'platform';
  const ref = idempotencyKey ? { userId: actor.userId, key: idempotencyKey } : undefined;
  const hash = registrationHash(data, source);
  if (ref) {
    // Before the rules: a replay answers what was answered, even if today's date would refuse it.
    const previous = await replay(db, ref, hash);
    if (previous) return { licence: previous, replayed: true };
  }
  const now = options.now ?? new Date();
  assertLicenceRules(ruleSubjectOf(valuesOfInput(data)), now);
  const { registration, view } = newRegistration(actor, data, { source, now });
  try {
    await insertLicenceRegistration(db, {
      ...registration,
      idempotency: ref ? { ...ref, requestHash: hash, responseBody: view } : undefined,
    });
    options.outbox.written();
    return { licence: view, replayed: false };
  } catch (error) {
    if (
      ref &&
      (isUniqueViolation(error, IDEMPOTENCY_UNIQUE) || isUniqueViolation(error, LICENCE_NUMBER_UNIQUE))
    ) {
      // A concurrent retry with the same key won the race: answer what it answered.
      const previous = await replay(db, ref, hash);
      if (previous) return { licence: previous, replayed: true };
    }
    if (isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw duplicateNumberError();
    throw error;
  }
}
