import type { EusurveyRowReport } from '@lmp/contracts';
import type { FieldError } from '@lmp/errors';
import type { CheckedSurveyRow } from './survey-row.checks';
import type { MigrationPlan, PlannedCompany, PlannedUser, PlatformFacts } from './eusurvey-migration.types';
import { companyConflictErrors, existingAccountErrors, respondentErrors } from './migration-row.rules';

export { totalsOf } from './migration-totals';

/**
 * A row's stable key: the respondent's address (lower case) and the licence number's key. The
 * same row in a later file has the same key, so a re-run finds it migrated and changes nothing.
 */
export const rowKeyOf = (email: string, number: string) => `${email}|${number}`;

const report = (
  r: CheckedSurveyRow,
  outcome: EusurveyRowReport['outcome'],
  errors?: FieldError[],
): EusurveyRowReport => ({
  row: r.row,
  respondentEmail: r.respondentEmail,
  licenceNumber: r.licenceNumber,
  outcome,
  ...(errors ? { errors } : {}),
});

/**
 * What migrating the rows does, row by row, decided from the rows and the platform's facts alone
 * (the same plan for a dry run and a real one; the rows are not changed). In this order, a row
 * is: a duplicate of an earlier row of the file (by licence number); invalid; already migrated
 * (re-run); a duplicate of a licence on the platform; invalid because of the respondent's
 * existing account (migration-row.rules.ts: a Commission account, one in another company, one
 * without a company); invalid because it describes a company the run creates otherwise than its
 * first row; or created, in the company found by its EORI or created from its first row, for
 * the respondent's user (existing in that company, or pre-provisioned by the run). Companies and
 * users are made only for rows that create a licence.
 */
export function planMigration(
  rows: CheckedSurveyRow[],
  facts: PlatformFacts,
  options: { dryRun: boolean; newId: () => string },
): MigrationPlan {
  const fileErrors = respondentErrors(rows);
  const plan: MigrationPlan = { rows: [], companies: [], users: [], licences: [] };
  const firstOfNumber = new Map<string, number>();
  const newCompanies = new Map<string, PlannedCompany & { row: number; firstUser?: string }>();
  const newUsers = new Map<string, PlannedUser>();

  for (const r of rows) {
    const errors = [...r.errors, ...(fileErrors.get(r) ?? [])];
    const first = r.number ? firstOfNumber.get(r.number) : undefined;
    if (r.number && first === undefined) firstOfNumber.set(r.number, r.row);
    if (first !== undefined) {
      const again = {
        field: 'licenceNumber',
        message: `appears more than once in this file (first on row ${first})`,
      };
      plan.rows.push(report(r, 'duplicate-in-file', [again, ...errors]));
      continue;
    }
    if (errors.length > 0 || !r.data || !r.company || !r.submittedAt || !r.respondentEmail || !r.number) {
      plan.rows.push(report(r, 'invalid', errors));
      continue;
    }
    const email = r.respondentEmail;
    const key = rowKeyOf(email, r.number);
    const migrated = facts.migrated.get(key);
    const existingUser = facts.users.get(email);
    const existingCompany = facts.companies.get(r.company.eori);
    if (migrated) {
      plan.rows.push({
        ...report(r, 'already-migrated'),
        licenceId: migrated,
        company: { eori: r.company.eori, id: existingCompany?.id ?? null, outcome: 'found' },
        user: { id: existingUser?.id ?? null, outcome: 'existing' },
      });
      continue;
    }
    const holder = facts.holders.get(r.number);
    if (holder) {
      const whose =
        holder.eori === r.company.eori
          ? `by the respondent's company (${holder.eori})`
          : `by another company: ${holder.name} (${holder.eori})`;
      const taken = { field: 'licenceNumber', message: `is already registered on the platform ${whose}` };
      plan.rows.push(report(r, 'duplicate-on-platform', [taken]));
      continue;
    }
    const accountErrors = existingAccountErrors(existingUser, r.company.eori);
    if (accountErrors.length > 0) {
      plan.rows.push(report(r, 'invalid', accountErrors));
      continue;
    }
    let planned = existingCompany ? undefined : newCompanies.get(r.company.eori);
    const conflicts = planned ? companyConflictErrors(r.company, planned) : [];
    if (conflicts.length > 0) {
      plan.rows.push(report(r, 'invalid', conflicts));
      continue;
    }

    let company: { id: string; outcome: 'created' | 'would-create' | 'found' };
    if (existingCompany) company = { id: existingCompany.id, outcome: 'found' };
    else {
      if (!planned) {
        planned = { id: options.newId(), input: r.company, row: r.row };
        newCompanies.set(r.company.eori, planned);
        plan.companies.push(planned);
      }
      company = { id: planned.id, outcome: options.dryRun ? 'would-create' : 'created' };
    }
    let user: { id: string; name: string; outcome: 'provisioned' | 'would-provision' | 'existing' };
    if (existingUser) {
      // existingAccountErrors let it through: the account is in this company already.
      user = { id: existingUser.id, name: existingUser.name, outcome: 'existing' };
    } else {
      let provisioned = newUsers.get(email);
      if (!provisioned) {
        provisioned = { id: options.newId(), email, companyId: company.id, role: 'member' };
        newUsers.set(email, provisioned);
        plan.users.push(provisioned);
      }
      user = { id: provisioned.id, name: email, outcome: options.dryRun ? 'would-provision' : 'provisioned' };
      // A company's first user is its admin: the first respondent the run puts in a company it creates.
      if (planned && planned.firstUser === undefined) {
        planned.firstUser = email;
        provisioned.role = 'admin';
      }
    }
    const row: EusurveyRowReport = {
      ...report(r, options.dryRun ? 'would-create' : 'created'),
      company: {
        eori: r.company.eori,
        id: options.dryRun && company.outcome !== 'found' ? null : company.id,
        outcome: company.outcome,
      },
      user: { id: options.dryRun && user.outcome !== 'existing' ? null : user.id, outcome: user.outcome },
    };
    plan.rows.push(row);
    plan.licences.push({
      key,
      row: r.row,
      respondentEmail: email,
      companyId: company.id,
      user: { id: user.id, name: user.name },
      data: r.data,
      submittedAt: r.submittedAt,
      report: row,
    });
  }
  return plan;
}
