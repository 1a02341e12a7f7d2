import type { ReportDimension, ReportFilters } from '@lmp/contracts';

/** Positional parameters, added as a query is built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The WHERE clause of every report over `licences l`: only licences whose LicenceSubmitted has
 * been applied, then the filters (from/to on the Brussels submission date, both inclusive).
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

/**
 * How rows are grouped for a dimension: `join` adds what the key needs (a licence with three
 * elements becomes three rows, so it counts once under each element).
 */
export function dimensionSql(by: ReportDimension): { key: string; join: string } {
  switch (by) {
    case 'element':
      return { key: 'e.element', join: 'CROSS JOIN LATERAL unnest(l.elements) AS e(element)' };
    case 'sme':
      return { key: 'l.sme::text', join: '' };
    case 'memberState':
      return { key: 'l.member_state', join: '' };
    case 'exporter':
      return { key: 'l.exporter_name', join: '' };
    case 'licenceType':
      return { key: 'l.licence_type', join: '' };
    case 'productType':
      return { key: 'l.product_type', join: '' };
    case 'customsStatus':
      return { key: 'l.customs_status', join: '' };
    case 'sector':
      return { key: 'l.sector', join: '' };
  }
}

export const OPEN = `l.status IN ('pending', 'processing')`;
export const DECIDED = `l.status IN ('granted', 'refused')`;
const DAYS = 'l.decision_date - l.application_date';
const TIMED = `${DECIDED} AND l.decision_date IS NOT NULL AND l.application_date IS NOT NULL`;

/** The aggregate columns of ReportFigures; `staleBefore` is the parameter of the stale cut-off. */
export function figuresSql(staleBefore: string): string {
  return `count(*)::int AS total,
    count(*) FILTER (WHERE l.status = 'pending')::int AS pending,
    count(*) FILTER (WHERE l.status = 'processing')::int AS processing,
    count(*) FILTER (WHERE l.status = 'granted')::int AS granted,
    count(*) FILTER (WHERE l.status = 'refused')::int AS refused,
    count(*) FILTER (WHERE l.urgent AND ${OPEN})::int AS urgent_pending,
    count(*) FILTER (WHERE ${OPEN} AND l.transmission_count > 0 AND l.status_changed_at <= ${staleBefore}::timestamptz)::int AS stale_pending,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DAYS}) FILTER (WHERE ${TIMED}) AS median_days,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${DAYS}) FILTER (WHERE ${TIMED}) AS p90_days,
    count(*) FILTER (WHERE l.transmission_count > 0)::int AS transmitted,
    count(*) FILTER (WHERE l.licence_type = 'general')::int AS general`;
}

export const MEDIAN_DAYS_SQL = `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${DAYS}) FILTER (WHERE ${TIMED})`;
