import type { ColumnKind } from '../import/licence-file.columns';
import { LICENCE_COLUMNS } from '../import/licence-file.columns';

/** Where a survey column's value goes: the respondent, their company, or the submission time. */
export type SurveyTarget =
  | { to: 'respondentEmail' }
  | { to: 'submittedAt' }
  | { to: 'company'; field: 'name' | 'eori' | 'country' | 'memberState' | 'sme' | 'sector' };

export interface SurveyColumn {
  /** The export's header (the question's alias in EU Survey), compared case-insensitively. */
  name: string;
  target: SurveyTarget;
  kind: ColumnKind;
  required: boolean;
  /** One line for docs/eusurvey-migration.md. */
  description: string;
}

/**
 * The columns of the EU Survey export beyond the licence's own (which are exactly the operator
 * import's: LICENCE_COLUMNS). One table, read by the parser and by the mapping in
 * docs/eusurvey-migration.md.
 */
export const SURVEY_COLUMNS: readonly SurveyColumn[] = [
  {
    name: 'respondentEmail',
    target: { to: 'respondentEmail' },
    kind: 'text',
    required: true,
    description: "the respondent's e-mail: their user (one e-mail = one user = one company)",
  },
  {
    name: 'submittedAt',
    target: { to: 'submittedAt' },
    kind: 'text',
    required: true,
    description: "the survey submission time: the licence's submittedAt and its history's first entry",
  },
  {
    name: 'companyName',
    target: { to: 'company', field: 'name' },
    kind: 'text',
    required: true,
    description: "the company's name (a new company only)",
  },
  {
    name: 'eori',
    target: { to: 'company', field: 'eori' },
    kind: 'text',
    required: true,
    description: 'EORI number: the company is found by it, or created',
  },
  {
    name: 'memberState',
    target: { to: 'company', field: 'memberState' },
    kind: 'text',
    required: true,
    description: 'EU member state of the company (two letters, e.g. DE)',
  },
  {
    name: 'countryOfEstablishment',
    target: { to: 'company', field: 'country' },
    kind: 'text',
    required: false,
    description: 'country of establishment (two letters); empty: the member state',
  },
  {
    name: 'sme',
    target: { to: 'company', field: 'sme' },
    kind: 'boolean',
    required: true,
    description: 'SME status: true or false (yes/no, 1/0)',
  },
  {
    name: 'companySector',
    target: { to: 'company', field: 'sector' },
    kind: 'choice',
    required: true,
    description: "the company's sector; also the licence's when its `sector` cell is empty",
  },
];

/** Every known column: the survey's, then the licence's. */
export const ALL_COLUMN_NAMES = [...SURVEY_COLUMNS.map((c) => c.name), ...LICENCE_COLUMNS.map((c) => c.name)];
