import type { ReportFilters } from '@lmp/contracts';

/** Positional parameters, added as a query is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The WHERE clause of the reports that list licences (stale, discrepancies, export) over
 * `licences l`: the same rule as the report index's matcherOf (index-scan.ts), which computes
 * the figures; only licences whose LicenceSubmitted has been applied, then the filters (from/to
 * on the Brussels submission date, both inclusive).
 */
export function filterWhere(f: ReportFilters, p: SqlParams): string {
  const where = ['l.submitted'];
  if (f.from) where.push(`l.submitted_on >= ${p.add(f.from)}::date`);
  if (f.to) where.push(`l.submitted_on <= ${p.add(f.to)}::date`);
  if (f.sector) where.push(`l.sector = ${p.add(f.sector)}`);
  if (f.memberState) where.push(`l.member_state = ${p.add(f.memberState)}`);
  if (f.element) where.push(`l.elements @> ARRAY[${p.add(f.element)}]::text[]`);
  if (f.licenceType) where.push(`l.licence_type = ${p.add(f.licenceType)}`);
  if (f.urgent !== undefined) where.push(`l.urgent = ${p.add(f.urgent)}`);
  if (f.sme !== undefined) where.push(`l.sme = ${p.add(f.sme)}`);
  return where.join(' AND ');
}

/** The statuses of an open licence (also the rule of the report index: index-scan.ts). */
export const OPEN = `l.status IN ('pending', 'processing')`;
