import type { CompanyInput } from '@lmp/contracts';
import type { FieldError } from '@lmp/errors';
import type { PlatformFacts } from './eusurvey-migration.types';
import { companyColumn, type CheckedSurveyRow } from './survey-row.checks';

/**
 * The rules that compare a row with the rest of the file or with the platform (the row's own
 * rules are survey-row.checks.ts). Each answers the row's errors (none: the rule holds); none
 * changes the row, so a plan made twice (a retried transaction) is the same plan.
 */

/** One e-mail is one user in one company: a respondent's later rows must name their first row's EORI. */
export function respondentErrors(rows: CheckedSurveyRow[]): Map<CheckedSurveyRow, FieldError[]> {
  const first = new Map<string, { row: number; eori: string }>();
  const errors = new Map<CheckedSurveyRow, FieldError[]>();
  for (const r of rows) {
    if (!r.respondentEmail || !r.company) continue;
    const seen = first.get(r.respondentEmail);
    if (!seen) first.set(r.respondentEmail, { row: r.row, eori: r.company.eori });
    else if (seen.eori !== r.company.eori) {
      errors.set(r, [
        {
          field: 'eori',
          message: `differs from this respondent's row ${seen.row} (${seen.eori}): one e-mail address is one user in one company`,
        },
      ]);
    }
  }
  return errors;
}

const COMPANY_FIELDS = ['name', 'country', 'memberState', 'sme', 'sector'] as const;

/**
 * A company the run creates takes its details from the first row that creates it; a later row
 * with the same EORI that says something else of it (name, country, member state, SME, sector)
 * is refused, naming each column that differs: never merged silently.
 */
export function companyConflictErrors(
  company: CompanyInput,
  first: { row: number; input: CompanyInput },
): FieldError[] {
  return COMPANY_FIELDS.filter((f) => company[f] !== first.input[f]).map((f) => ({
    field: companyColumn[f] ?? f,
    message: `says ${JSON.stringify(company[f])} where row ${first.row} says ${JSON.stringify(first.input[f])} of the company with EORI ${company.eori}: correct the file so the company's rows agree`,
  }));
}

type ExistingUser = NonNullable<ReturnType<PlatformFacts['users']['get']>>;

/**
 * The respondent's existing account, if any, must already be in the row's company: the run
 * creates accounts (pre-provisioned) but never moves one, and never puts an account that has no
 * company into one. Its admin invites it instead.
 */
export function existingAccountErrors(user: ExistingUser | undefined, eori: string): FieldError[] {
  if (!user) return [];
  if (user.role === 'commission') {
    return [
      { field: 'respondentEmail', message: 'belongs to a Commission account, which holds no licences' },
    ];
  }
  if (!user.companyEori) {
    return [
      {
        field: 'respondentEmail',
        message:
          "this address has an account without a company: the company's admin can invite it (members page), then its licences can be migrated",
      },
    ];
  }
  if (user.companyEori !== eori) {
    return [
      {
        field: 'eori',
        message: `the respondent's account is in the company with EORI ${user.companyEori}: one e-mail address is one user in one company`,
      },
    ];
  }
  return [];
}
