import type { LicenceStatus } from '@lmp/contracts';
import type { LicenceChange, LicenceField } from '../domain/projection/projection.types';
import type { Queryable } from './database';

/** Each versioned field's column and the SQL type its value is cast to. */
const COLUMNS: Record<LicenceField, { column: string; cast: string }> = {
  companyId: { column: 'company_id', cast: 'uuid' },
  exporterName: { column: 'exporter_name', cast: 'text' },
  applicationDate: { column: 'application_date', cast: 'date' },
  elements: { column: 'elements', cast: 'text[]' },
  sector: { column: 'sector', cast: 'text' },
  status: { column: 'status', cast: 'text' },
  urgent: { column: 'urgent', cast: 'boolean' },
  statusChangedAt: { column: 'status_changed_at', cast: 'timestamptz' },
};

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

/** Writes the newer fields of a fact; a licence that changed company takes its thread along. */
export async function saveLicenceChange(
  tx: Queryable,
  { facts, fields, fieldVersions }: LicenceChange,
): Promise<void> {
  const params: unknown[] = [
    facts.id,
    facts.licenceNumber,
    facts.numberNormalised,
    facts.version,
    facts.submitted,
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
       licence_number = $2,
       number_normalised = $3,
       version = GREATEST(version, $4),
       submitted = submitted OR $5,
       field_versions = field_versions || $6::jsonb
       ${sets.map((s) => `, ${s}`).join('')}
     WHERE id = $1`,
    params,
  );
  if (fields.companyId !== undefined) {
    // Whatever event moves it (the transfer, or a newer event of the new holder that came first),
    // the messages written so far were written for the earlier holder: remember up to which one.
    await tx.query(
      `UPDATE threads SET company_id = $2,
         previous_holder_seq = (SELECT max(m.seq) FROM messages m WHERE m.thread_id = threads.id)
       WHERE licence_id = $1 AND company_id <> $2`,
      [facts.id, fields.companyId],
    );
  }
}

/** A dispatched batch sent the licence: its count and last transmission (creating a partial row if needed). */
export async function recordLicenceTransmission(
  tx: Queryable,
  t: { licenceId: string; licenceNumber: string; numberNormalised: string; transmittedAt: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO licences (id, licence_number, number_normalised, last_transmitted_at, transmission_count)
     VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (id) DO UPDATE SET
       last_transmitted_at = GREATEST(licences.last_transmitted_at, EXCLUDED.last_transmitted_at),
       transmission_count = licences.transmission_count + 1,
       licence_number = COALESCE(licences.licence_number, EXCLUDED.licence_number),
       number_normalised = COALESCE(licences.number_normalised, EXCLUDED.number_normalised)`,
    [t.licenceId, t.licenceNumber, t.numberNormalised, t.transmittedAt],
  );
}

/**
 * recordLicenceTransmission for many new transmissions in one statement: per licence, the count
 * goes up by its new transmissions and the last instant is the latest. Rows are written in id
 * order, so two such statements touching the same licences wait on each other, not deadlock.
 */
export async function recordLicenceTransmissions(
  tx: Queryable,
  ts: { licenceId: string; licenceNumber: string; numberNormalised: string; transmittedAt: string }[],
): Promise<void> {
  if (ts.length === 0) return;
  await tx.query(
    `INSERT INTO licences (id, licence_number, number_normalised, last_transmitted_at, transmission_count)
     SELECT id, min(n), min(nn), max(t), count(*) FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
       AS x(id, n, nn, t) GROUP BY id ORDER BY id
     ON CONFLICT (id) DO UPDATE SET
       last_transmitted_at = GREATEST(licences.last_transmitted_at, EXCLUDED.last_transmitted_at),
       transmission_count = licences.transmission_count + EXCLUDED.transmission_count,
       licence_number = COALESCE(licences.licence_number, EXCLUDED.licence_number),
       number_normalised = COALESCE(licences.number_normalised, EXCLUDED.number_normalised)`,
    [
      ts.map((t) => t.licenceId),
      ts.map((t) => t.licenceNumber),
      ts.map((t) => t.numberNormalised),
      ts.map((t) => t.transmittedAt),
    ],
  );
}

export interface LicenceRef {
  id: string;
  companyId: string;
  licenceNumber: string;
}

/** A licence with a known company (its LicenceSubmitted or a later event arrived). */
export async function findLicence(db: Queryable, id: string): Promise<LicenceRef | undefined> {
  const { rows } = await db.query<{ id: string; company_id: string; licence_number: string }>(
    `SELECT id, company_id, licence_number FROM licences WHERE id = $1 AND company_id IS NOT NULL`,
    [id],
  );
  const r = rows[0];
  return r && { id: r.id, companyId: r.company_id, licenceNumber: r.licence_number };
}

/** The licences with this normalised number whose company is known (MOFCOM feedback is by number). */
export async function findLicencesByNumber(db: Queryable, numberNormalised: string): Promise<LicenceRef[]> {
  const { rows } = await db.query<{ id: string; company_id: string; licence_number: string }>(
    `SELECT id, company_id, licence_number FROM licences WHERE number_normalised = $1 AND company_id IS NOT NULL`,
    [numberNormalised],
  );
  return rows.map((r) => ({ id: r.id, companyId: r.company_id, licenceNumber: r.licence_number }));
}

export interface StaleLicence {
  companyId: string;
  licenceNumber: string;
  status: LicenceStatus;
  statusChangedAt: string;
  lastTransmittedAt: string;
}

/**
 * Pending or processing licences transmitted at least once whose status has not changed since
 * `changedBefore` (the same rule as the Commission's stale report), by company.
 */
export async function findStaleLicences(db: Queryable, changedBefore: Date): Promise<StaleLicence[]> {
  const { rows } = await db.query<{
    company_id: string;
    licence_number: string;
    status: LicenceStatus;
    status_changed_at: Date;
    last_transmitted_at: Date;
  }>(
    `SELECT company_id, licence_number, status, status_changed_at, last_transmitted_at FROM licences
      WHERE status IN ('pending', 'processing') AND last_transmitted_at IS NOT NULL
        AND status_changed_at <= $1 AND company_id IS NOT NULL AND submitted
      ORDER BY company_id, status_changed_at, licence_number`,
    [changedBefore],
  );
  return rows.map((r) => ({
    companyId: r.company_id,
    licenceNumber: r.licence_number,
    status: r.status,
    statusChangedAt: r.status_changed_at.toISOString(),
    lastTransmittedAt: r.last_transmitted_at.toISOString(),
  }));
}
