import type { LicenceFacts, ProjectedLicence } from '../domain/projection/licence-projection.types';
import type { Queryable } from './database';

/** Fields that change with the licence, each with the version column that guards it. */
const VERSIONED = [
  { key: 'applicationDate', column: 'application_date', cast: 'date' },
  { key: 'status', column: 'status', cast: '"LicenceStatus"' },
  { key: 'urgent', column: 'urgent', cast: 'boolean' },
] as const;

/**
 * Applies what an event says, field by field: a field takes the event's value only when the event
 * is newer than the version that last set that field. So events applied in any order leave every
 * field with the value of the newest event that named it, and a late event changes nothing.
 * An event about a licence not seen yet creates its row (LicenceSubmitted may still be on its way).
 */
export async function applyLicenceFacts(db: Queryable, facts: LicenceFacts): Promise<void> {
  const params: unknown[] = [
    facts.id,
    facts.companyId,
    facts.licenceNumber,
    facts.numberNormalised,
    facts.version,
    facts.submittedAt ?? null,
  ];
  const insertColumns: string[] = [];
  const insertValues: string[] = [];
  const updates: string[] = [];
  for (const { key, column, cast } of VERSIONED) {
    const value = facts[key];
    if (value === undefined) continue;
    params.push(value);
    const p = `$${params.length}::${cast}`;
    insertColumns.push(column, `${column}_version`);
    insertValues.push(p, '$5');
    updates.push(
      `${column} = CASE WHEN licences.${column}_version < $5 THEN EXCLUDED.${column} ELSE licences.${column} END`,
      `${column}_version = GREATEST(licences.${column}_version, $5)`,
    );
  }
  const extraColumns = insertColumns.map((c) => `, ${c}`).join('');
  const extraValues = insertValues.map((v) => `, ${v}`).join('');
  await db.query(
    `INSERT INTO licences (id, company_id, licence_number, number_normalised, version, submitted_at${extraColumns})
     VALUES ($1, $2, $3, $4, $5, $6::timestamptz${extraValues})
     ON CONFLICT (id) DO UPDATE SET
       version = GREATEST(licences.version, EXCLUDED.version),
       submitted_at = COALESCE(licences.submitted_at, EXCLUDED.submitted_at)
       ${updates.map((u) => `, ${u}`).join('\n       ')}`,
    params,
  );
}

interface LicenceRow {
  id: string;
  company_id: string;
  licence_number: string;
  number_normalised: string;
  application_date: string | null;
  submitted_at: Date | null;
  status: ProjectedLicence['status'];
  urgent: boolean;
  version: number;
  last_transmitted_at: Date | null;
}

export async function findProjectedLicence(db: Queryable, id: string): Promise<ProjectedLicence | undefined> {
  const { rows } = await db.query<LicenceRow>(
    `SELECT id, company_id, licence_number, number_normalised, application_date, submitted_at, status, urgent,
            version, last_transmitted_at
       FROM licences WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    companyId: r.company_id,
    licenceNumber: r.licence_number,
    numberNormalised: r.number_normalised,
    applicationDate: r.application_date,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    status: r.status,
    urgent: r.urgent,
    version: r.version,
    lastTransmittedAt: r.last_transmitted_at?.toISOString() ?? null,
  };
}

/** Every licence a dispatched batch sent was transmitted at `at` (urgent batches look at it). */
export async function markLicencesTransmitted(tx: Queryable, batchId: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE licences SET last_transmitted_at = GREATEST(last_transmitted_at, $2::timestamptz)
       FROM batch_items
      WHERE batch_items.batch_id = $1 AND NOT batch_items.excluded AND licences.id = batch_items.licence_id`,
    [batchId, at],
  );
}
