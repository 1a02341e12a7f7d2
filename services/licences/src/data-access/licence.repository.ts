import { outboxCte } from '@lmp/bus';
import type { LicenceRecord, LicenceRegistration, NewLicenceRow } from '../domain/licence/licence.types';
import { SCHEMA, type Queryable } from './database';
import {
  editableColumns,
  LICENCE_SELECT,
  toLicenceRecord,
  type EditableColumn,
  type LicenceRow,
} from './licence.columns';

export const LICENCE_NUMBER_UNIQUE = 'licences_number_normalised_key';

/**
 * The licence, its first history entry, its events (outbox) and the idempotency record, written
 * by ONE statement: atomic like a transaction, but a single round trip to the database, which is
 * what the create rate depends on. A duplicate number fails the whole statement.
 */
export async function insertLicenceRegistration(
  db: Queryable,
  registration: LicenceRegistration,
): Promise<LicenceRecord> {
  const { columns, values } = licenceInsertValues(registration.row);
  const params: unknown[] = [...values];
  const add = (value: unknown) => `$${params.push(value)}`;
  const { history, idempotency } = registration;
  const historyCte = `history_insert AS (
      INSERT INTO licence_history (id, licence_id, at, actor_id, actor_name, changes)
      SELECT ${add(history.id)}::uuid, id, submitted_at, ${add(history.actorId)}, ${add(history.actorName)}, ${add(JSON.stringify(history.changes))}::jsonb
        FROM licence_insert)`;
  const idempotencyCte = idempotency
    ? `, idempotency_insert AS (
      INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body)
      SELECT ${add(idempotency.userId)}::uuid, ${add(idempotency.key)}, ${add(idempotency.requestHash)}, 201, ${add(JSON.stringify(idempotency.responseBody))}::jsonb
        FROM licence_insert)`
    : '';
  // The relay is woken after the statement by the caller's OutboxNotifier, not by an in-statement NOTIFY.
  const outbox = outboxCte(registration.events, { schema: SCHEMA, notify: false }, params.length + 1);
  params.push(...outbox.params);
  const { rows } = await db.query<LicenceRow>(
    `WITH licence_insert AS (
       INSERT INTO licences (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       RETURNING ${LICENCE_SELECT}
     ), ${historyCte}${idempotencyCte}, ${outbox.ctes}
     SELECT licence_insert.*, ${outbox.select} FROM licence_insert`,
    params,
  );
  return toLicenceRecord(rows[0]!);
}

function licenceInsertValues(row: NewLicenceRow): { columns: string[]; values: unknown[] } {
  const fields = Object.keys(editableColumns) as EditableColumn[];
  const columns = [
    'id',
    'company_id',
    'licence_number',
    'number_normalised',
    'number_key_version',
    'mofcom_central_level',
    'source',
    'review_required',
    'submitted_by',
    'submitted_at',
    'updated_at',
    ...fields.map((f) => editableColumns[f]),
  ];
  const values = [
    row.id,
    row.companyId,
    row.licenceNumber,
    row.numberNormalised,
    row.numberKeyVersion,
    row.mofcomCentralLevel,
    row.source,
    row.reviewRequired ?? false,
    row.submittedBy,
    row.submittedAt,
    row.submittedAt,
    ...fields.map((f) => row.values[f]),
  ];
  return { columns, values };
}

export async function findLicence(
  db: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<LicenceRecord | undefined> {
  const { rows } = await db.query<LicenceRow>(
    `SELECT ${LICENCE_SELECT} FROM licences WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toLicenceRecord(rows[0]) : undefined;
}

export async function findLicenceByNumber(
  db: Queryable,
  numberNormalised: string,
): Promise<LicenceRecord | undefined> {
  const { rows } = await db.query<LicenceRow>(
    `SELECT ${LICENCE_SELECT} FROM licences WHERE number_normalised = $1`,
    [numberNormalised],
  );
  return rows[0] ? toLicenceRecord(rows[0]) : undefined;
}

/**
 * Writes the changed fields and bumps the version; the caller holds the row lock. `clearReview`
 * also clears the "check this migrated licence" flag (an operator's edit is a check).
 */
export async function updateLicence(
  db: Queryable,
  id: string,
  changes: Partial<Record<EditableColumn, unknown>>,
  updatedAt: Date,
  options: { clearReview?: boolean } = {},
): Promise<LicenceRecord> {
  const entries = Object.entries(changes) as [EditableColumn, unknown][];
  const sets = entries.map(([field], i) => `${editableColumns[field]} = $${i + 3}`);
  if (options.clearReview) sets.push('review_required = false');
  const { rows } = await db.query<LicenceRow>(
    `UPDATE licences SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
      WHERE id = $1 RETURNING ${LICENCE_SELECT}`,
    [id, updatedAt, ...entries.map(([, value]) => value)],
  );
  return toLicenceRecord(rows[0]!);
}
