import type { CompanyFacts } from '../domain/projection/projection.types';
import type { Queryable } from './database';

/** Keeps the company as its newest event describes it (company events carry no version: occurredAt). */
export async function saveCompany(tx: Queryable, c: CompanyFacts): Promise<void> {
  await tx.query(
    `INSERT INTO companies (id, name, member_state, sector, event_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, member_state = EXCLUDED.member_state, sector = EXCLUDED.sector,
       event_at = EXCLUDED.event_at
     WHERE companies.event_at < EXCLUDED.event_at`,
    [c.id, c.name, c.memberState, c.sector, c.eventAt],
  );
}

export async function companyNameOf(db: Queryable, companyId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM companies WHERE id = $1', [companyId]);
  return rows[0]?.name ?? null;
}

export async function companyNamesOf(db: Queryable, companyIds: string[]): Promise<Map<string, string>> {
  if (companyIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM companies WHERE id = ANY($1::uuid[])',
    [companyIds],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
