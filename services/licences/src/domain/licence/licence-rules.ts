import { AppError, type FieldError } from '@lmp/errors';
import type { CustomsStatus, LicenceStatus, LicenceType } from '@lmp/contracts';

/** The fields the cross-field rules look at, after a create or a patch has been applied. */
export interface LicenceRuleSubject {
  licenceType: LicenceType;
  validFrom: string | null;
  validTo: string | null;
  applicationDate: string;
  urgent: boolean;
  urgencyReason: string | null;
  status: LicenceStatus;
  decisionDate: string | null;
  customsStatus: CustomsStatus;
  customsNote: string | null;
}

const DECIDED: LicenceStatus[] = ['granted', 'refused'];

/** The latest calendar date anywhere on Earth (UTC+14): anything after it is in the future. */
export function latestToday(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** Every rule of the licence record from PRODUCT.md that spans fields; one error per bad field. */
export function licenceRuleViolations(licence: LicenceRuleSubject, now = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  const today = latestToday(now);
  if (licence.applicationDate > today) {
    errors.push({ field: 'applicationDate', message: 'must not be in the future' });
  }
  if (licence.licenceType === 'general') {
    if (!licence.validFrom) errors.push({ field: 'validFrom', message: 'is required for a general licence' });
    if (!licence.validTo) errors.push({ field: 'validTo', message: 'is required for a general licence' });
  }
  if (licence.validFrom && licence.validTo) {
    if (licence.validTo <= licence.validFrom) {
      errors.push({ field: 'validTo', message: 'must be after validFrom' });
    } else if (licence.licenceType === 'general' && licence.validTo > addYears(licence.validFrom, 1)) {
      errors.push({ field: 'validTo', message: 'a general licence is valid for at most one year' });
    }
  } else if (licence.licenceType === 'individual' && (licence.validFrom || licence.validTo)) {
    errors.push({
      field: licence.validFrom ? 'validTo' : 'validFrom',
      message: 'validFrom and validTo go together',
    });
  }
  if (DECIDED.includes(licence.status)) {
    if (!licence.decisionDate) {
      errors.push({ field: 'decisionDate', message: `is required when the status is ${licence.status}` });
    } else if (licence.decisionDate > today) {
      errors.push({ field: 'decisionDate', message: 'must not be in the future' });
    } else if (licence.decisionDate < licence.applicationDate) {
      errors.push({ field: 'decisionDate', message: 'must not be before the application date' });
    }
  } else if (licence.decisionDate) {
    errors.push({ field: 'decisionDate', message: 'must be empty unless the licence is granted or refused' });
  }
  if (licence.customsStatus === 'blocked' && !licence.customsNote) {
    errors.push({ field: 'customsNote', message: 'is required when customs status is blocked' });
  }
  if (licence.urgent && !licence.urgencyReason) {
    errors.push({
      field: 'urgencyReason',
      message: 'is required for an urgent request (what production stop is imminent?)',
    });
  }
  return errors;
}

export function assertLicenceRules(licence: LicenceRuleSubject, now = new Date()): void {
  const errors = licenceRuleViolations(licence, now);
  if (errors.length > 0) throw new AppError('VALIDATION.FAILED', 'The licence breaks some rules', { errors });
}
