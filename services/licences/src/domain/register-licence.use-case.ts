import { createHash, randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { ZLicenceInput, type Licence, type LicenceInput } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, type Db } from '../data-access/database';
import { findStoredResponse, IDEMPOTENCY_UNIQUE } from '../data-access/idempotency.repository';
import type { LicenceRecord } from '../data-access/licence.columns';
import type { LicenceValues } from './licence-values';
import {
  insertLicenceRegistration,
  LICENCE_NUMBER_UNIQUE,
  type LicenceRegistration,
  type NewLicenceRow,
} from '../data-access/licence.repository';
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
  /** Wakes the outbox relay once the licence and its event are committed. */
  outboxNotifier?: OutboxNotifier;
}

/** Says that the number exists, never who holds it (PRODUCT.md). */
export const DUPLICATE_NUMBER_MESSAGE =
  'This licence number is already registered on the platform. Please check with your suppliers or colleagues before registering it again.';

const duplicate = () =>
  new AppError('LICENCE.DUPLICATE_NUMBER', DUPLICATE_NUMBER_MESSAGE, {
    errors: [{ field: 'licenceNumber', message: 'is already registered' }],
  });

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
    options.outboxNotifier?.written();
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
    if (isUniqueViolation(error, LICENCE_NUMBER_UNIQUE)) throw duplicate();
    throw error;
  }
}

/**
 * What registering a checked licence writes: the row, its first history entry and
 * LicenceSubmitted, plus the answer. Shared with the file import, so both write the same.
 */
export function newRegistration(
  actor: Actor & { companyId: string },
  data: LicenceInput,
  options: { source: Licence['source']; now: Date },
): { registration: LicenceRegistration; view: Licence } {
  const values = valuesOfInput(data);
  const row: NewLicenceRow & { values: LicenceValues } = {
    id: randomUUID(),
    companyId: actor.companyId,
    licenceNumber: data.licenceNumber,
    numberNormalised: normaliseLicenceNumber(data.licenceNumber),
    values,
    mofcomCentralLevel: data.mofcomCentralLevel,
    source: options.source,
    submittedBy: actor.userId,
    submittedAt: options.now,
  };
  const record = recordOf(row);
  const registration: LicenceRegistration = {
    row,
    history: {
      id: randomUUID(),
      actorId: actor.userId,
      actorName: actor.name,
      changes: Object.fromEntries(
        Object.entries({ licenceNumber: row.licenceNumber, ...values })
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { from: null, to: v }]),
      ),
    },
    events: [licenceSubmittedEvent(record, eventMeta(actor, options.now))],
  };
  return { registration, view: toLicence(record, []) };
}

/** The record as the insert will store it, so the event and the answer need no read-back. */
function recordOf(row: NewLicenceRow & { values: LicenceValues }): LicenceRecord {
  const v = row.values;
  const at = row.submittedAt.toISOString();
  return {
    id: row.id,
    companyId: row.companyId,
    licenceNumber: row.licenceNumber,
    licenceType: v.licenceType,
    validFrom: v.validFrom,
    validTo: v.validTo,
    applicationDate: v.applicationDate,
    exporter: { name: v.exporterName, creditCode: v.exporterCreditCode },
    sector: v.sector,
    elements: v.elements,
    productType: v.productType,
    quantityKg: v.quantityKg,
    valueEur: v.valueEur,
    urgent: v.urgent,
    urgencyReason: v.urgencyReason,
    status: v.status,
    decisionDate: v.decisionDate,
    customsStatus: v.customsStatus,
    customsNote: v.customsNote,
    mofcomCentralLevel: row.mofcomCentralLevel,
    source: row.source,
    submittedAt: at,
    updatedAt: at,
    version: 1,
    transmissionCount: 0,
    lastTransmittedAt: null,
  };
}
