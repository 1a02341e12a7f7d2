import type { CompanyFacts } from '../domain/projection/read-model.types';
import type { Queryable } from './database';

/**
 * Keeps the company as its newest event describes it; true when this event was newer than the
 * one kept (then its licences get the new dimensions too). A company event may come after its
 * licences' events: those licences get the dimensions here.
 */
export async function saveCompany(tx: Queryable, c: CompanyFacts): Promise<boolean> {
  // Exclusive against licence events of this company in flight (see lockCompanyShared).
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [c.id]);
  const { rowCount } = await tx.query(
    `INSERT INTO companies (id, name, eori, country, member_state, sme, sector, event_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, eori = EXCLUDED.eori, country = EXCLUDED.country,
       member_state = EXCLUDED.member_state, sme = EXCLUDED.sme, sector = EXCLUDED.sector,
       event_at = EXCLUDED.event_at
     WHERE companies.event_at < EXCLUDED.event_at`,
    [c.id, c.name, c.eori, c.country, c.memberState, c.sme, c.sector, c.eventAt],
  );
  if (!rowCount) return false;
  await tx.query(
    `UPDATE licences SET company_name = $2, company_eori = $3, company_country = $4, member_state = $5,
            sme = $6, company_sector = $7
      WHERE company_id = $1`,
    [c.id, c.name, c.eori, c.country, c.memberState, c.sme, c.sector],
  );
  return true;
}
