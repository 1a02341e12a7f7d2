import type { Company, CompanyInput } from '@lmp/contracts';
import type { Queryable } from './database';

export const COMPANY_EORI_UNIQUE = 'companies_eori_key';

interface CompanyRow {
  id: string;
  name: string;
  eori: string;
  country: string;
  member_state: Company['memberState'];
  sme: boolean;
  sector: Company['sector'];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, eori, country, member_state, sme, sector, created_at, updated_at';

const toCompany = (r: CompanyRow): Company => ({
  id: r.id,
  name: r.name,
  eori: r.eori,
  country: r.country,
  memberState: r.member_state,
  sme: r.sme,
  sector: r.sector,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export async function findCompany(db: Queryable, id: string): Promise<Company | undefined> {
  const { rows } = await db.query<CompanyRow>(`SELECT ${COLUMNS} FROM companies WHERE id = $1`, [id]);
  return rows[0] ? toCompany(rows[0]) : undefined;
}

export async function insertCompany(db: Queryable, id: string, input: CompanyInput): Promise<Company> {
  const { rows } = await db.query<CompanyRow>(
    `INSERT INTO companies (id, name, eori, country, member_state, sme, sector) VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${COLUMNS}`,
    [id, input.name, input.eori, input.country, input.memberState, input.sme, input.sector],
  );
  return toCompany(rows[0]!);
}

export async function updateCompany(db: Queryable, id: string, input: CompanyInput): Promise<Company> {
  const { rows } = await db.query<CompanyRow>(
    `UPDATE companies SET name = $2, eori = $3, country = $4, member_state = $5, sme = $6, sector = $7,
        updated_at = now()
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, input.name, input.eori, input.country, input.memberState, input.sme, input.sector],
  );
  return toCompany(rows[0]!);
}
