import { ZLicenceInput, type LicenceInput } from '@lmp/contracts';
import type { FieldError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { findNumberHolders } from '../../data-access/licence-number.repository';
import { columnOfPath } from './licence-file.columns';
import type { LicenceFileRow } from './licence-file.parser';
import { normaliseLicenceNumber } from '../licence/licence-number';
import { licenceRuleViolations } from '../licence/licence-rules';
import { ruleSubjectOf, valuesOfInput } from '../licence/licence-values';
import { DUPLICATE_NUMBER_MESSAGE } from '../licence/duplicate-number';

export interface CheckedRow {
  row: number;
  licenceNumber: string | null;
  errors: FieldError[];
  number?: string;
  data?: LicenceInput;
}

// Only where the schema has no message of its own: an empty cell reads better as "is required".
const requiredMessage = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : undefined;

/** The checks of POST /licences (ZLicenceInput, then the cross-field rules), errors named by column. */
export function checkRow(row: LicenceFileRow, now: Date): CheckedRow {
  const errors = [...row.errors];
  const unreadable = new Set(errors.map((e) => e.field));
  const parsed = ZLicenceInput.safeParse(row.input, { error: requiredMessage });
  if (parsed.success) {
    errors.push(...licenceRuleViolations(ruleSubjectOf(valuesOfInput(parsed.data)), now));
  } else {
    for (const issue of parsed.error.issues) {
      const field = columnOfPath(issue.path)?.name ?? (issue.path.join('.') || '(row)');
      if (unreadable.has(field)) continue;
      const item = field === 'elements' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const value = item === undefined ? '' : `"${String((row.input.elements as unknown[])[item])}" `;
      errors.push({ field, message: value + issue.message });
    }
  }
  return {
    row: row.row,
    licenceNumber: row.licenceNumber,
    errors,
    number: row.licenceNumber ? normaliseLicenceNumber(row.licenceNumber) : undefined,
    data: parsed.success && errors.length === 0 ? parsed.data : undefined,
  };
}

/** Against the platform (one query for the file) and within the file (later rows of a number fail). */
export async function checkDuplicates(db: Db, companyId: string, rows: CheckedRow[]): Promise<void> {
  const numbers = [...new Set(rows.flatMap((r) => (r.number ? [r.number] : [])))];
  const holders = await findNumberHolders(db, numbers);
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    if (!r.number) continue;
    const holder = holders.get(r.number);
    const first = firstRow.get(r.number);
    if (first === undefined) firstRow.set(r.number, r.row);
    // Our own company may hear that it holds the number (it can list its licences anyway): a
    // re-run of a half-imported file then reads as harmless. Anyone else hears the 409's words.
    const message =
      holder === companyId
        ? 'is already registered by your company'
        : holder !== undefined
          ? DUPLICATE_NUMBER_MESSAGE
          : first !== undefined
            ? `appears more than once in this file (first on row ${first})`
            : undefined;
    if (message) r.errors.push({ field: 'licenceNumber', message });
  }
}
