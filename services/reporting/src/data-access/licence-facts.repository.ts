import type { LicenceChange, LicenceField } from '../domain/projection/read-model.types';
import type { Queryable } from './database';

/** Each versioned field's column and the SQL type its value is cast to. */
const COLUMNS: Record<LicenceField, { column: string; cast: string }> = {
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

/**
 * A licence event and an event about its company, applied at the same time in two transactions,
 * would not see each other's rows (the licence would never get its company's dimensions): licence
 * events hold this lock shared and company events exclusively, always before any row lock.
 */
export async function lockCompanyShared(tx: Queryable, companyId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [companyId]);
}

/**
 * Locks the licence's row for the rest of the transaction, creating an empty one for a licence
 * not seen yet (a later event completes it), and answers the version each field was set at.
 */
export async function lockLicence(
  tx: Queryable,
  licenceId: string,
): Promise<Partial<Record<LicenceField, number>>> {
  await tx.query('INSERT INTO licences (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [licenceId]);
  const { rows } = await tx.query<{ field_versions: Partial<Record<LicenceField, number>> }>(
    'SELECT field_versions FROM licences WHERE id = $1 FOR UPDATE',
    [licenceId],
  );
  return rows[0]!.field_versions;
}

/** Writes the newer fields of a fact, its identity and, once known, its company's dimensions. */
export async function saveLicenceChange(tx: Queryable, { facts, fields, fieldVersions }: LicenceChange) {
  const params: unknown[] = [
    facts.id,
    facts.companyId,
    facts.licenceNumber,
    facts.numberNormalised,
    facts.version,
    facts.submitted,
    facts.submittedAt ?? null,
    JSON.stringify(fieldVersions),
  ];
  const sets: string[] = [];
  for (const [key, value] of Object.entries(fields) as [LicenceField, unknown][]) {
    params.push(value);
    const { column, cast } = COLUMNS[key];
    sets.push(`${column} = $${params.length}::${cast}`);
  }
  await tx.query(
    `UPDATE licences SET
       company_id = $2,
       licence_number = $3,
       number_normalised = $4,
       version = GREATEST(version, $5),
       submitted = submitted OR $6,
       submitted_at = COALESCE(submitted_at, $7::timestamptz),
       submitted_on = COALESCE(submitted_on, ($7::timestamptz AT TIME ZONE 'Europe/Brussels')::date),
       field_versions = field_versions || $8::jsonb
       ${sets.map((s) => `, ${s}`).join('')}
     WHERE id = $1`,
    params,
  );
  await tx.query(
    `UPDATE licences l SET company_name = c.name, company_eori = c.eori, company_country = c.country,
            member_state = c.member_state, sme = c.sme, company_sector = c.sector
       FROM companies c
      WHERE l.id = $1 AND c.id = l.company_id`,
    [facts.id],
  );
}
