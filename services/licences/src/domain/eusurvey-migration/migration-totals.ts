import type { EusurveyRowReport, EusurveyTotals } from '@lmp/contracts';
import { EUSURVEY_ROW_OUTCOMES } from '@lmp/contracts';

/** The report's totals, from its rows. */
export function totalsOf(rows: EusurveyRowReport[]): EusurveyTotals {
  const outcomes = Object.fromEntries(EUSURVEY_ROW_OUTCOMES.map((o) => [o, 0])) as EusurveyTotals['outcomes'];
  for (const r of rows) outcomes[r.outcome] += 1;
  const distinct = (pick: (r: EusurveyRowReport) => string | undefined) =>
    new Set(rows.flatMap((r) => (pick(r) ? [pick(r)!] : []))).size;
  return {
    rows: rows.length,
    respondents: distinct((r) => r.respondentEmail ?? undefined),
    outcomes,
    companies: {
      created: distinct((r) => (r.company && r.company.outcome !== 'found' ? r.company.eori : undefined)),
      found: distinct((r) => (r.company?.outcome === 'found' ? r.company.eori : undefined)),
    },
    users: {
      provisioned: distinct((r) =>
        r.user && r.user.outcome !== 'existing' ? (r.respondentEmail ?? undefined) : undefined,
      ),
      existing: distinct((r) =>
        r.user?.outcome === 'existing' ? (r.respondentEmail ?? undefined) : undefined,
      ),
    },
    licences: outcomes.created + outcomes['would-create'],
  };
}
