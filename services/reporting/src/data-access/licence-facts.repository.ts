import { TransientHandlerError } from '@lmp/bus';
import type { LicenceField, LicenceRowChange, LicenceRowState } from '../domain/projection/read-model.types';
import type { Queryable } from './database';

/** Each versioned field's column and how its value is read from the batch's JSON (`r.fields`). */
const COLUMNS: Record<LicenceField, { column: string; cast: string }> = {
  companyId: { column: 'company_id', cast: 'uuid' },
  licenceType: { column: 'licence_type', cast: 'text' },
  validFrom: { column: 'valid_from', cast: 'date' },
  validTo: { column: 'valid_to', cast: 'date' },
  applicationDate: { column: 'application_date', cast: 'date' },
  exporterName: { column: 'exporter_name', cast: 'text' },
  exporterCreditCode: { column: 'exporter_credit_code', cast: 'text' },
  sector: { column: 'sector', cast: 'text' },
  elements: { column: 'elements', cast: 'text[]' },
  productType: { column: 'product_type', cast: 'text' },
  quantityKg: { column: 'quantity_kg', cast: 'numeric' },
  valueEur: { column: 'value_eur', cast: 'numeric' },
  urgent: { column: 'urgent', cast: 'boolean' },
  status: { column: 'status', cast: 'text' },
  decisionDate: { column: 'decision_date', cast: 'date' },
  customsStatus: { column: 'customs_status', cast: 'text' },
  source: { column: 'source', cast: 'text' },
  statusChangedAt: { column: 'status_changed_at', cast: 'timestamptz' },
};

const valueOf = (key: string, cast: string) =>
  cast === 'text[]'
    ? `ARRAY(SELECT jsonb_array_elements_text(r.fields->'${key}'))`
    : `(r.fields->>'${key}')::${cast}`;

/** `column = the batch's value when it names the field, else the row's`, for every versioned field. */
const FIELD_SETS = Object.entries(COLUMNS)
  .map(
    ([key, { column, cast }]) =>
      `${column} = CASE WHEN r.fields ? '${key}' THEN ${valueOf(key, cast)} ELSE l.${column} END`,
  )
  .join(',\n       ');

/**
 * A licence event and an event about its company, applied at the same time in two transactions,
 * would not see each other's rows (the licence would never get its company's dimensions): licence
 * events hold the company's lock shared and company events exclusively, always before any row
 * lock, and all of a batch's in one order (so two batches cannot wait on each other).
 */
export async function lockCompanies(
  tx: Queryable,
  locks: { shared: readonly string[]; exclusive: readonly string[] },
): Promise<void> {
  const exclusive = new Set(locks.exclusive);
  const ids = [...new Set([...locks.shared, ...locks.exclusive])].sort();
  if (!ids.length) return;
  await tx.query(
    `SELECT CASE WHEN k.exclusive THEN pg_advisory_xact_lock(hashtextextended(k.id, 0))::text
                 ELSE pg_advisory_xact_lock_shared(hashtextextended(k.id, 0))::text END
       FROM (SELECT * FROM unnest($1::text[], $2::boolean[]) AS u(id, exclusive) ORDER BY id) k`,
    [ids, ids.map((id) => exclusive.has(id))],
  );
}

type StateRow = { id: string; company_id: string | null; field_versions: LicenceRowState['fieldVersions'] };

async function selectForUpdate(tx: Queryable, ids: readonly string[]): Promise<StateRow[]> {
  if (!ids.length) return [];
  const { rows } = await tx.query<StateRow>(
    `SELECT id::text, company_id::text, field_versions FROM licences
      WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return rows;
}

/**
 * Locks the rows of the licences already in the read model for the rest of the transaction and
 * answers what each held; a licence not seen yet has no row (createLicenceRows makes it).
 */
export async function lockLicences(
  tx: Queryable,
  licenceIds: readonly string[],
): Promise<Map<string, LicenceRowState>> {
  const ids = [...new Set(licenceIds.map((id) => id.toLowerCase()))].sort();
  const found = await selectForUpdate(tx, ids);
  return new Map(
    found.map((r) => [r.id, { fieldVersions: r.field_versions, companyId: r.company_id }] as const),
  );
}

/** Another transaction created a licence row this one meant to create: apply the events again. */
export class LicenceRowRaceError extends TransientHandlerError {
  constructor(missing: number) {
    super(`${missing} licence rows were created meanwhile by another transaction; retry`);
  }
}

const IDENTITY = `r.id, r.licence_number, r.number_normalised, r.version, r.submitted, r.submitted_at,
       (r.submitted_at AT TIME ZONE 'Europe/Brussels')::date, r.field_versions`;
const RECORDSET = `jsonb_to_recordset($1::jsonb) AS r(id uuid, licence_number text, number_normalised text,
            version int, submitted boolean, submitted_at timestamptz, field_versions jsonb,
            fields jsonb, company_id uuid)
     LEFT JOIN companies c ON c.id = r.company_id`;

const asJson = (changes: readonly LicenceRowChange[]) =>
  JSON.stringify(
    changes.map((c) => ({
      id: c.id,
      licence_number: c.licenceNumber,
      number_normalised: c.numberNormalised,
      version: c.version,
      submitted: c.submitted,
      submitted_at: c.submittedAt,
      field_versions: c.fieldVersions,
      fields: c.fields,
      company_id: c.companyId,
    })),
  );

/**
 * Creates the rows of licences not seen before, complete with the batch's fields (one insert per
 * set of fields named; a column no event named keeps its default), so a new licence is written
 * once. A row another transaction created meanwhile fails the batch (LicenceRowRaceError): the
 * events are applied again, over that row.
 */
export async function createLicenceRows(tx: Queryable, changes: readonly LicenceRowChange[]): Promise<void> {
  const byFields = new Map<string, LicenceRowChange[]>();
  for (const change of changes) {
    const keys = Object.keys(change.fields).sort().join(',');
    byFields.set(keys, [...(byFields.get(keys) ?? []), change]);
  }
  for (const [keys, group] of byFields) {
    const fields = keys ? (keys.split(',') as LicenceField[]) : [];
    const { rowCount } = await tx.query(
      `INSERT INTO licences (id, licence_number, number_normalised, version, submitted, submitted_at,
              submitted_on, field_versions, company_name, company_eori, company_country, member_state,
              sme, company_sector${fields.map((f) => `, ${COLUMNS[f].column}`).join('')})
       SELECT ${IDENTITY}, c.name, c.eori, c.country, c.member_state, c.sme, c.sector
              ${fields.map((f) => `, ${valueOf(f, COLUMNS[f].cast)}`).join('')}
         FROM ${RECORDSET}
       ON CONFLICT (id) DO NOTHING`,
      [asJson(group)],
    );
    if (rowCount !== group.length) throw new LicenceRowRaceError(group.length - (rowCount ?? 0));
  }
}

/**
 * Writes a batch's changes to existing rows, one statement for all: the newer fields, the identity, and the
 * dimensions of the row's company once it is known (left as they were while it is not).
 */
export async function saveLicenceChanges(tx: Queryable, changes: readonly LicenceRowChange[]): Promise<void> {
  if (!changes.length) return;
  await tx.query(
    `UPDATE licences l SET
       licence_number = r.licence_number,
       number_normalised = r.number_normalised,
       version = GREATEST(l.version, r.version),
       submitted = l.submitted OR r.submitted,
       submitted_at = COALESCE(l.submitted_at, r.submitted_at),
       submitted_on = COALESCE(l.submitted_on, (r.submitted_at AT TIME ZONE 'Europe/Brussels')::date),
       field_versions = l.field_versions || r.field_versions,
       ${FIELD_SETS},
       company_name = COALESCE(c.name, l.company_name),
       company_eori = COALESCE(c.eori, l.company_eori),
       company_country = COALESCE(c.country, l.company_country),
       member_state = COALESCE(c.member_state, l.member_state),
       sme = CASE WHEN c.id IS NULL THEN l.sme ELSE c.sme END,
       company_sector = COALESCE(c.sector, l.company_sector)
     FROM ${RECORDSET}
     WHERE l.id = r.id`,
    [asJson(changes)],
  );
}
