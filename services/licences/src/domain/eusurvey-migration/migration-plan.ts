import type { EusurveyRowReport, EusurveyTotals } from '@lmp/contracts';
import { EUSURVEY_ROW_OUTCOMES } from '@lmp/contracts';
import type { CheckedSurveyRow } from './survey-row.checks';
import type { MigrationPlan, PlannedCompany, PlannedUser, PlatformFacts } from './eusurvey-migration.types';

/**
 * A row's stable key: the respondent's address (lower case) and the licence number's key. The
 * same row in a later file has the same key, so a re-run finds it migrated and changes nothing.
 */
export const rowKeyOf = (email: string, number: string) => `${email}|${number}`;

const report = (r: CheckedSurveyRow, outcome: EusurveyRowReport['outcome']): EusurveyRowReport => ({
  row: r.row,
  respondentEmail: r.respondentEmail,
  licenceNumber: r.licenceNumber,
  outcome,
});

/** One e-mail is one user in one company: a respondent's later rows must name their first row's EORI. */
function checkRespondents(rows: CheckedSurveyRow[]): void {
  const first = new Map<string, { row: number; eori: string }>();
  for (const r of rows) {
    if (!r.respondentEmail || !r.company) continue;
    const seen = first.get(r.respondentEmail);
    if (!seen) first.set(r.respondentEmail, { row: r.row, eori: r.company.eori });
    else if (seen.eori !== r.company.eori) {
      r.errors.push({
        field: 'eori',
        message: `differs from this respondent's row ${seen.row} (${seen.eori}): one e-mail address is one user in one company`,
      });
    }
  }
}

/**
 * What migrating the rows does, row by row, decided from the rows and the platform's facts alone
 * (the same plan for a dry run and a real one). In this order, a row is: a duplicate of an
 * earlier row of the file (by licence number); invalid; already migrated (re-run); a duplicate of
 * a licence on the platform; invalid because its respondent's account is elsewhere; or created,
 * in the company found by its EORI or created from its first row, for the respondent's user
 * (existing, or pre-provisioned). Companies and users are made only for rows that create a licence.
 */
export function planMigration(
  rows: CheckedSurveyRow[],
  facts: PlatformFacts,
  options: { dryRun: boolean; newId: () => string },
): MigrationPlan {
  checkRespondents(rows);
  const plan: MigrationPlan = { rows: [], companies: [], users: [], licences: [] };
  const firstOfNumber = new Map<string, number>();
  const newCompanies = new Map<string, PlannedCompany & { firstUser?: string }>();
  const newUsers = new Map<string, PlannedUser>();

  for (const r of rows) {
    const first = r.number ? firstOfNumber.get(r.number) : undefined;
    if (r.number && first === undefined) firstOfNumber.set(r.number, r.row);
    if (first !== undefined) {
      plan.rows.push({
        ...report(r, 'duplicate-in-file'),
        errors: [
          { field: 'licenceNumber', message: `appears more than once in this file (first on row ${first})` },
          ...r.errors,
        ],
      });
      continue;
    }
    if (r.errors.length > 0 || !r.data || !r.company || !r.submittedAt || !r.respondentEmail || !r.number) {
      plan.rows.push({ ...report(r, 'invalid'), errors: r.errors });
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
      plan.rows.push({
        ...report(r, 'duplicate-on-platform'),
        errors: [{ field: 'licenceNumber', message: `is already registered on the platform ${whose}` }],
      });
      continue;
    }
    if (existingUser?.role === 'commission') {
      plan.rows.push({
        ...report(r, 'invalid'),
        errors: [
          { field: 'respondentEmail', message: 'belongs to a Commission account, which holds no licences' },
        ],
      });
      continue;
    }
    if (existingUser?.companyEori && existingUser.companyEori !== r.company.eori) {
      plan.rows.push({
        ...report(r, 'invalid'),
        errors: [
          {
            field: 'eori',
            message: `the respondent's account is in the company with EORI ${existingUser.companyEori}: one e-mail address is one user in one company`,
          },
        ],
      });
      continue;
    }

    let company: { id: string; outcome: 'created' | 'would-create' | 'found' };
    let planned = newCompanies.get(r.company.eori);
    if (existingCompany) company = { id: existingCompany.id, outcome: 'found' };
    else {
      if (!planned) {
        planned = { id: options.newId(), input: r.company };
        newCompanies.set(r.company.eori, planned);
        plan.companies.push(planned);
      }
      company = { id: planned.id, outcome: options.dryRun ? 'would-create' : 'created' };
    }
    let user: { id: string; name: string; outcome: 'provisioned' | 'would-provision' | 'existing' };
    if (existingUser) {
      user = { id: existingUser.id, name: existingUser.name, outcome: 'existing' };
      if (!existingUser.companyId && !newUsers.has(email)) {
        const attach = {
          id: existingUser.id,
          email,
          companyId: company.id,
          provision: false,
          role: 'member' as const,
        };
        newUsers.set(email, attach);
        plan.users.push(attach);
      }
    } else {
      let provisioned = newUsers.get(email);
      if (!provisioned) {
        provisioned = { id: options.newId(), email, companyId: company.id, provision: true, role: 'member' };
        newUsers.set(email, provisioned);
        plan.users.push(provisioned);
      }
      user = { id: provisioned.id, name: email, outcome: options.dryRun ? 'would-provision' : 'provisioned' };
    }
    // A company's first user is its admin: the first respondent the run puts in a company it creates.
    const inNew = planned && !existingCompany ? planned : undefined;
    const joining = newUsers.get(email);
    if (inNew && joining && inNew.firstUser === undefined) {
      inNew.firstUser = email;
      joining.role = 'admin';
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
