import type {
  CompanyDimensions,
  ReadModelCompany,
  ReadModelLicence,
  RebuiltCompany,
  RebuiltLicence,
} from '../domain/consistency/consistency.types';
import type { Queryable } from './database';

/** Instants as the API writes them (UTC, milliseconds), whatever the session's time zone. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The read model's companies in id order, a page at a time (keyset: constant memory). */
export async function* readModelCompanies(db: Queryable, pageSize: number): AsyncGenerator<ReadModelCompany> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await db.query<ReadModelCompany>(
      `SELECT id::text, name, eori, country, member_state AS "memberState", sme, sector
         FROM companies WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, pageSize],
    );
    yield* rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}

type LicenceRow = Omit<ReadModelLicence, 'company'> & {
  [K in keyof CompanyDimensions as `c_${K}`]: CompanyDimensions[K];
};

/** The read model's licences in id order with their company's row, a page at a time. */
export async function* readModelLicences(db: Queryable, pageSize: number): AsyncGenerator<ReadModelLicence> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await db.query<LicenceRow & { has_company: boolean }>(
      `SELECT l.id::text, l.company_id::text AS "companyId", l.licence_number AS "licenceNumber",
              l.submitted, l.licence_type AS "licenceType", l.valid_from::text AS "validFrom",
              l.valid_to::text AS "validTo", l.application_date::text AS "applicationDate",
              l.exporter_name AS "exporterName", l.sector, COALESCE(l.elements, '{}') AS elements,
              l.product_type AS "productType", l.quantity_kg::float8 AS "quantityKg",
              l.value_eur::float8 AS "valueEur", l.urgent, l.status,
              l.decision_date::text AS "decisionDate", l.customs_status AS "customsStatus", l.source,
              ${iso('l.submitted_at')} AS "submittedAt", l.transmission_count AS "transmissionCount",
              ${iso('l.last_transmitted_at')} AS "lastTransmittedAt",
              l.company_name AS "companyName", l.company_eori AS "companyEori",
              l.company_country AS "companyCountry", l.member_state AS "memberState", l.sme,
              l.company_sector AS "companySector",
              c.id IS NOT NULL AS has_company, c.name AS "c_companyName", c.eori AS "c_companyEori",
              c.country AS "c_companyCountry", c.member_state AS "c_memberState", c.sme AS "c_sme",
              c.sector AS "c_companySector"
         FROM licences l LEFT JOIN companies c ON c.id = l.company_id
        WHERE l.id > $1 ORDER BY l.id LIMIT $2`,
      [after, pageSize],
    );
    for (const {
      has_company,
      c_companyName,
      c_companyEori,
      c_companyCountry,
      c_memberState,
      c_sme,
      c_companySector,
      ...row
    } of rows) {
      yield {
        ...row,
        company: has_company
          ? {
              companyName: c_companyName,
              companyEori: c_companyEori,
              companyCountry: c_companyCountry,
              memberState: c_memberState,
              sme: c_sme,
              companySector: c_companySector,
            }
          : null,
      };
    }
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * Holds the read model's licence and company tables for a rebuild: consumers (and reports) wait
 * until it commits. Taken before the snapshot is asked for, so every event applied before it was
 * committed in licences before the snapshot began (the snapshot has it), and every later one
 * applies on top of the rebuilt rows, guarded by their versions.
 */
export async function lockReadModel(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE companies, licences IN ACCESS EXCLUSIVE MODE');
}

/**
 * What a licence row knows only from events, saved for the refill (dropped at commit): when its
 * status last changed and when it was first transmitted. Then the tables are emptied.
 */
export async function truncateKeepingEventFacts(tx: Queryable): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE rebuild_kept ON COMMIT DROP AS
       SELECT id, status, status_changed_at, first_transmitted_at FROM licences`,
  );
  await tx.query('ALTER TABLE rebuild_kept ADD PRIMARY KEY (id)');
  await tx.query('TRUNCATE companies, licences');
}

export async function insertCompanies(tx: Queryable, companies: readonly RebuiltCompany[]): Promise<void> {
  await tx.query(
    `INSERT INTO companies (id, name, eori, country, member_state, sme, sector, event_at)
     SELECT id, name, eori, country, "memberState", sme, sector, "eventAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, eori text, country text,
            "memberState" text, sme boolean, sector text, "eventAt" timestamptz)`,
    [JSON.stringify(companies)],
  );
}

/** Fields the events version, all set at the snapshot's version: older events change nothing. */
const VERSIONED_FIELDS = [
  'companyId',
  'licenceType',
  'validFrom',
  'validTo',
  'applicationDate',
  'exporterName',
  'exporterCreditCode',
  'sector',
  'elements',
  'productType',
  'quantityKg',
  'valueEur',
  'urgent',
  'status',
  'decisionDate',
  'customsStatus',
  'source',
  'statusChangedAt',
];

/**
 * Writes licence rows from the snapshot. Kept from before: when the status last changed, if the
 * status is still the one it had (else the licence's last update, the nearest the snapshot knows),
 * and the first transmission (from the transmissions kept, or the row, or the last one).
 */
export async function insertLicences(tx: Queryable, licences: readonly RebuiltLicence[]): Promise<void> {
  await tx.query(
    `INSERT INTO licences (id, company_id, licence_number, number_normalised, submitted, version,
            field_versions, licence_type, valid_from, valid_to, application_date, exporter_name,
            exporter_credit_code, sector, elements, product_type, quantity_kg, value_eur, urgent,
            status, decision_date, customs_status, source, submitted_at, submitted_on,
            status_changed_at, transmission_count, first_transmitted_at, last_transmitted_at)
     SELECT r.id, r."companyId", r."licenceNumber", r."numberNormalised", true, r.version,
            (SELECT jsonb_object_agg(f, r.version) FROM unnest($2::text[]) AS f),
            r."licenceType", r."validFrom", r."validTo", r."applicationDate", r."exporterName",
            r."exporterCreditCode", r.sector, ARRAY(SELECT jsonb_array_elements_text(r.elements)),
            r."productType", r."quantityKg", r."valueEur", r.urgent, r.status, r."decisionDate",
            r."customsStatus", r.source, r."submittedAt",
            (r."submittedAt" AT TIME ZONE 'Europe/Brussels')::date,
            CASE WHEN k.status = r.status THEN k.status_changed_at ELSE r."updatedAt" END,
            r."transmissionCount",
            CASE WHEN r."transmissionCount" > 0 THEN COALESCE(
              (SELECT min(t.transmitted_at) FROM licence_transmissions t WHERE t.licence_id = r.id),
              k.first_transmitted_at, r."lastTransmittedAt") END,
            r."lastTransmittedAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "companyId" uuid, "licenceNumber" text,
            "numberNormalised" text, version int, "licenceType" text, "validFrom" date,
            "validTo" date, "applicationDate" date, "exporterName" text, "exporterCreditCode" text,
            sector text, elements jsonb, "productType" text, "quantityKg" numeric,
            "valueEur" numeric, urgent boolean, status text, "decisionDate" date,
            "customsStatus" text, source text, "submittedAt" timestamptz, "updatedAt" timestamptz,
            "transmissionCount" int, "lastTransmittedAt" timestamptz)
       LEFT JOIN rebuild_kept k ON k.id = r.id`,
    [JSON.stringify(licences), VERSIONED_FIELDS],
  );
}

/** Copies each company's dimensions onto its licences, once both are in. */
export async function copyCompanyDimensions(tx: Queryable): Promise<void> {
  await tx.query(
    `UPDATE licences l SET company_name = c.name, company_eori = c.eori, company_country = c.country,
            member_state = c.member_state, sme = c.sme, company_sector = c.sector
       FROM companies c WHERE c.id = l.company_id`,
  );
}
