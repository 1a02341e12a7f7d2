import { createHash } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { ZLicenceInput, type Licence } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, type Db } from '../../data-access/database';
import { findStoredResponse, IDEMPOTENCY_UNIQUE } from '../../data-access/idempotency.repository';
import { insertLicenceRegistration, LICENCE_NUMBER_UNIQUE } from '../../data-access/licence.repository';
import { assertOperatorWithCompany, type Actor } from '../identity/actor';
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

function requestHash(input: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(input ?? null))
    .digest('hex');
}

async function replay(db: Db, actor: Actor, key: string, hash: string): Promise<Licence | undefined> {
  const stored = await findStoredResponse(db, actor.userId, key);
  if (!stored) return undefined;
  if (stored.requestHash !== hash) {
    throw new AppError(
      'IDEMPOTENCY.KEY_REUSED',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  return stored.body as Licence;
}

/** Registers a licence for the actor's company: the record, its first history entry and LicenceSubmitted. */
export async function registerLicence(
  options: RegisterLicenceOptions,
): Promise<{ licence: Licence; replayed: boolean }> {
  const { db, actor, input, idempotencyKey } = options;
  assertOperatorWithCompany(actor);
  const hash = requestHash(input);
  if (idempotencyKey) {
    const previous = await replay(db, actor, idempotencyKey, hash);
    if (previous) return { licence: previous, replayed: true };
  }
  const data = parseOrThrow(ZLicenceInput, input);
  const now = options.now ?? new Date();
  assertLicenceRules(ruleSubjectOf(valuesOfInput(data)), now);
  const { registration, view } = newRegistration(actor, data, { source: options.source ?? 'platform', now });
  try {
    await insertLicenceRegistration(db, {
      ...registration,
      idempotency: idempotencyKey
        ? { userId: actor.userId, key: idempotencyKey, requestHash: hash, responseBody: view }
        : undefined,
    });
    options.outbox.written();
    return { licence: view, replayed: false };
  } catch (error) {
    if (
      idempotencyKey &&
      (isUniqueViolation(error, IDEMPOTENCY_UNIQUE) || isUniqueViolation(error, LICENCE_NUMBER_UNIQUE))
    ) {
      // A concurrent retry with the same key won the race: answer what it answered.
      const previous = await replay(db, actor, idempotencyKey, hash);
      if (previous) return { licence: previous, replayed: true };
    }
    if (isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw duplicateNumberError();
    throw error;
  }
}
