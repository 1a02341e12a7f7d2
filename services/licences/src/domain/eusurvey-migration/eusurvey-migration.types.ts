import type { CompanyInput, EusurveyRowReport, LicenceInput } from '@lmp/contracts';
import type { CompanyRole } from '@lmp/contracts';

/** What the platform already holds that the file's rows are compared with. */
export interface PlatformFacts {
  /** Users by lower-case e-mail. */
  users: Map<
    string,
    {
      id: string;
      name: string;
      role: 'operator' | 'commission';
      companyId: string | null;
      companyEori: string | null;
    }
  >;
  /** Companies by EORI. */
  companies: Map<string, { id: string; name: string }>;
  /** Rows migrated by earlier runs: row key → licence id. */
  migrated: Map<string, string>;
  /** Licence numbers (normalised) registered on the platform → the holding company. */
  holders: Map<string, { companyId: string; name: string; eori: string }>;
}

export interface PlannedCompany {
  id: string;
  input: CompanyInput;
}

/**
 * A respondent's user the run creates (pre-provisioned, bound at their first sign-in) in their
 * company. The run never puts an existing account into a company (migration-row.rules.ts).
 */
export interface PlannedUser {
  id: string;
  email: string;
  companyId: string;
  /** Their role in the company (its first user is its admin). */
  role: CompanyRole;
}

export interface PlannedLicence {
  key: string;
  row: number;
  respondentEmail: string;
  companyId: string;
  user: { id: string; name: string };
  data: LicenceInput;
  submittedAt: Date;
  /** The row's report, completed with the licence id once it is written. */
  report: EusurveyRowReport;
}

export interface MigrationPlan {
  rows: EusurveyRowReport[];
  companies: PlannedCompany[];
  users: PlannedUser[];
  licences: PlannedLicence[];
}

/** Who runs the migration: a Commission user, or an operator of the platform at the command line. */
export interface MigrationRunner {
  id: string;
  name: string;
}

/** Why an operator is refused the migration: a Commission operation on the survey's export, never an operator's upload. */
export const MIGRATION_IS_THE_COMMISSIONS =
  'The EU Survey migration is run by the Commission; operators check their migrated licences instead';
