import type { Queryable } from './database';

/** Which of these normalised numbers are registered, and by which company: one query for a whole file. */
export async function findNumberHolders(
  db: Queryable,
  numbersNormalised: string[],
): Promise<Map<string, string>> {
  if (numbersNormalised.length === 0) return new Map();
  const { rows } = await db.query<{ number_normalised: string; company_id: string }>(
    'SELECT number_normalised, company_id FROM licences WHERE number_normalised = ANY($1::text[])',
    [numbersNormalised],
  );
  return new Map(rows.map((r) => [r.number_normalised, r.company_id]));
}
