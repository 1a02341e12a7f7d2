import { z } from 'zod';
import { ZCompanyInput, type CompanyInput, type LicenceInput } from '@lmp/contracts';
import type { FieldError } from '@lmp/errors';
import { checkRow } from '../import/licence-row.checks';
import { SURVEY_COLUMNS } from './survey-columns';
import type { SurveyFileRow } from './survey-file.parser';
import { readSubmissionTime, submissionTimeViolation, surveyDateOf } from './submission-time';

/** A row with every rule of its own checked (nothing yet against the file or the platform). */
export interface CheckedSurveyRow {
  row: number;
  /** Lower case when it is a valid address (accounts are matched case-insensitively). */
  respondentEmail: string | null;
  licenceNumber: string | null;
  /** The licence number's uniqueness key (normaliseLicenceNumber). */
  number?: string;
  submittedAt?: Date;
  company?: CompanyInput;
  /** The POST /licences body, when the licence columns passed every check. */
  data?: LicenceInput;
  errors: FieldError[];
}

const ZEmail = z.email({ error: 'must be an e-mail address' });

/** ZCompanyInput's fields → the survey's column names, so errors name what the file says. */
export const companyColumn = Object.fromEntries(
  SURVEY_COLUMNS.flatMap((c) => (c.target.to === 'company' ? [[c.target.field, c.name]] : [])),
) as Record<string, string>;

const requiredMessage = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : undefined;

function checkCompany(input: Record<string, unknown>, unreadable: Set<string>, errors: FieldError[]) {
  const memberState =
    typeof input.memberState === 'string' ? input.memberState.toUpperCase() : input.memberState;
  const candidate = { ...input, memberState, country: input.country ?? memberState };
  const parsed = ZCompanyInput.safeParse(candidate, { error: requiredMessage });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const field = companyColumn[String(issue.path[0])] ?? String(issue.path[0]);
    if (!unreadable.has(field)) errors.push({ field, message: issue.message });
  }
  return undefined;
}

/**
 * A survey row's own checks: the respondent's address, the submission time (within the survey's
 * period), the company (PUT /me/company's rules) and the licence (POST /licences's rules, exactly
 * as the operator import checks them). An empty licence `sector` is the company's.
 */
export function checkSurveyRow(row: SurveyFileRow, now: Date): CheckedSurveyRow {
  const errors: FieldError[] = [];
  const unreadable = new Set(row.licence.errors.map((e) => e.field));

  const email = ZEmail.safeParse((row.respondentEmail ?? '').trim().toLowerCase());
  if (!unreadable.has('respondentEmail')) {
    if (!row.respondentEmail) errors.push({ field: 'respondentEmail', message: 'is required' });
    else if (!email.success) errors.push({ field: 'respondentEmail', message: 'must be an e-mail address' });
  }

  const time = readSubmissionTime(row.submittedAt);
  const timeError = 'error' in time ? time.error : submissionTimeViolation(time.at, now);
  if (timeError) errors.push({ field: 'submittedAt', message: timeError });

  const company = checkCompany(row.company, unreadable, errors);

  const input = { ...row.licence.input };
  if (input.sector === undefined && typeof row.company.sector === 'string') input.sector = row.company.sector;
  const licence = checkRow({ ...row.licence, input }, now);
  errors.unshift(...licence.errors);

  const submittedAt = 'at' in time ? time.at : undefined;
  if (licence.data && submittedAt && licence.data.applicationDate > surveyDateOf(submittedAt)) {
    errors.push({
      field: 'applicationDate',
      message: 'must not be after the survey submission (submittedAt)',
    });
  }
  return {
    row: row.row,
    respondentEmail: email.success ? email.data : (row.respondentEmail ?? null),
    licenceNumber: row.licence.licenceNumber,
    number: licence.number,
    submittedAt: timeError ? undefined : submittedAt,
    company,
    data: errors.length === 0 ? licence.data : undefined,
    errors,
  };
}
