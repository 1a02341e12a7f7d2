import type { Queryable } from './database';
import {
  editableColumns,
  LICENCE_SELECT,
  toLicenceRecord,
  type EditableColumn,
  type LicenceRecord,
  type LicenceRow,
} from './licence.columns';

export interface NewLicenceRow {
  id: string;
  companyId: string;
  licenceNumber: string;
  numberNormalised: string;
  values: Record<EditableColumn, unknown>;
  mofcomCentralLevel: boolean;
  source: LicenceRecord['source'];
  submittedBy: string;
  submittedAt: Date;
}

export const LICENCE_NUMBER_UNIQUE = 'licences_number_normalised_key';

export async function insertLicence(db: Queryable, row: NewLicenceRow): Promise<LicenceRecord> {
  const fields = Object.keys(editableColumns) as EditableColumn[];
  const columns = [
    'id',
    'company_id',
    'licence_number',
    'number_normalised',
    'mofcom_central_level',
    'source',
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
    row.mofcomCentralLevel,
    row.source,
    row.submittedBy,
    row.submittedAt,
    row.submittedAt,
    ...fields.map((f) => row.values[f]),
  ];
  const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
  const { rows } = await db.query<LicenceRow>(
    `INSERT INTO licences (${columns.join(', ')}) VALUES (${placeholders}) RETURNING ${LICENCE_SELECT}`,
    values,
  );
  return toLicenceRecord(rows[0]!);
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

export async function findLicenceByNumber(db: Queryable, numberNormalised: string): Promise<LicenceRecord | undefined> {
  const { rows } = await db.query<LicenceRow>(`SELECT ${LICENCE_SELECT} FROM licences WHERE number_normalised = $1`, [
    numberNormalised,
  ]);
  return rows[0] ? toLicenceRecord(rows[0]) : undefined;
}

/** Writes the changed fields and bumps the version; the caller holds the row lock. */
export async function updateLicence(
  db: Queryable,
  id: string,
  changes: Partial<Record<EditableColumn, unknown>>,
  updatedAt: Date,
): Promise<LicenceRecord> {
  const entries = Object.entries(changes) as [EditableColumn, unknown][];
  const sets = entries.map(([field], i) => `${editableColumns[field]} = $${i + 3}`);
  const { rows } = await db.query<LicenceRow>(
    `UPDATE licences SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
      WHERE id = $1 RETURNING ${LICENCE_SELECT}`,
    [id, updatedAt, ...entries.map(([, value]) => value)],
  );
  return toLicenceRecord(rows[0]!);
}
