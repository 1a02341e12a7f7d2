import { createHash, randomUUID } from 'node:crypto';
import { ZLicenceInput, type Licence } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, withTransaction, type Db } from '../data-access/database';
import { findStoredResponse, IDEMPOTENCY_UNIQUE, storeResponse } from '../data-access/idempotency.repository';
import { insertHistory } from '../data-access/licence-history.repository';
import { insertLicence, LICENCE_NUMBER_UNIQUE } from '../data-access/licence.repository';
import { saveEvents } from '../data-access/outbox';
import { assertOperatorWithCompany, type Actor } from './actor';
import { eventMeta } from './event-meta';
import { licenceSubmittedEvent } from './licence-events';
import { normaliseLicenceNumber } from './licence-number';
import { assertLicenceRules } from './licence-rules';
import { ruleSubjectOf, valuesOfInput } from './licence-values';
import { toLicence } from './licence-view';

export interface RegisterLicenceOptions {
  db: Db;
  actor: Actor;
  input: unknown;
  /** Idempotency-Key header: a retry with the same key and body returns the first result. */
  idempotencyKey?: string;
  source?: Licence['source'];
  now?: Date;
}

const duplicate = () =>
  new AppError(
    'LICENCE.DUPLICATE_NUMBER',
    'This licence number is already registered on the platform. Please check with your suppliers or colleagues before registering it again.',
    { errors: [{ field: 'licenceNumber', message: 'is already registered' }] },
  );

function requestHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

async function replay(db: Db, actor: Actor, key: string, hash: string): Promise<Licence | undefined> {
  const stored = await findStoredResponse(db, actor.userId, key);
  if (!stored) return undefined;
  if (stored.requestHash !== hash) {
    throw new AppError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
  }
  return stored.body as Licence;
}

/** Registers a licence for the actor's company: the record, its first history entry and LicenceSubmitted. */
export async function registerLicence(options: RegisterLicenceOptions): Promise<{ licence: Licence; replayed: boolean }> {
  const { db, actor, input, idempotencyKey } = options;
  assertOperatorWithCompany(actor);
  const hash = requestHash(input);
  if (idempotencyKey) {
    const previous = await replay(db, actor, idempotencyKey, hash);
    if (previous) return { licence: previous, replayed: true };
  }
  const data = parseOrThrow(ZLicenceInput, input);
  const values = valuesOfInput(data);
  const now = options.now ?? new Date();
  assertLicenceRules(ruleSubjectOf(values), now);
  try {
    const licence = await withTransaction(db, async (tx) => {
      const record = await insertLicence(tx, {
        id: randomUUID(),
        companyId: actor.companyId,
        licenceNumber: data.licenceNumber,
        numberNormalised: normaliseLicenceNumber(data.licenceNumber),
        values,
        mofcomCentralLevel: data.mofcomCentralLevel,
        source: options.source ?? 'platform',
        submittedBy: actor.userId,
        submittedAt: now,
      });
      const registered = Object.fromEntries(
        Object.entries({ licenceNumber: record.licenceNumber, ...values })
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { from: null, to: v }]),
      );
      await insertHistory(tx, {
        id: randomUUID(),
        licenceId: record.id,
        at: now,
        actorId: actor.userId,
        actorName: actor.name,
        changes: registered,
      });
      await saveEvents(tx, [licenceSubmittedEvent(record, eventMeta(actor, now))]);
      const view = toLicence(record, []);
      if (idempotencyKey) await storeResponse(tx, actor.userId, idempotencyKey, { requestHash: hash, status: 201, body: view });
      return view;
    });
    return { licence, replayed: false };
  } catch (error) {
    if (idempotencyKey && (isUniqueViolation(error, IDEMPOTENCY_UNIQUE) || isUniqueViolation(error, LICENCE_NUMBER_UNIQUE))) {
      // A concurrent retry with the same key won the race: answer what it answered.
      const previous = await replay(db, actor, idempotencyKey, hash);
      if (previous) return { licence: previous, replayed: true };
    }
    if (isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw duplicate();
    throw error;
  }
}
