import { formValue, formValues, type FieldErrors, type FormBody } from '../../app/page';

/** The licence form's fields that the API takes as they are typed (text, dates, codes). */
const TEXT_FIELDS = [
  'licenceType',
  'validFrom',
  'validTo',
  'applicationDate',
  'sector',
  'productType',
  'urgencyReason',
  'status',
  'decisionDate',
  'customsStatus',
  'customsNote',
] as const;

/** Fields that may be cleared on edit (sent as null when emptied). */
const NULLABLE = new Set(['validFrom', 'validTo', 'valueEur', 'urgencyReason', 'decisionDate', 'customsNote']);

/** "1 234,5" or "1234.5" → 1234.5; undefined when empty; NaN when not a number. */
export function parseAmount(typed: string): number | undefined {
  const compact = typed.replace(/[\s\u00a0_]/g, '');
  if (compact === '') return undefined;
  const normalised = /^\d+,\d+$/.test(compact) ? compact.replace(',', '.') : compact.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
}

/**
 * The form as the API's licence body. `mode: 'register'` leaves empty optional fields out;
 * `mode: 'edit'` sends them as null, so emptying a field clears it. Numbers the web cannot read
 * get a message here (`errors`) and are sent as typed, so the API still checks the rest.
 */
export function licenceBodyOf(
  form: FormBody,
  mode: 'register' | 'edit',
): { body: Record<string, unknown>; errors: FieldErrors } {
  const body: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const set = (field: string, value: unknown) => {
    if (value === undefined || value === '') {
      if (mode === 'edit' && NULLABLE.has(field)) body[field] = null;
      return;
    }
    body[field] = value;
  };
  if (mode === 'register') set('licenceNumber', formValue(form, 'licenceNumber'));
  for (const field of TEXT_FIELDS) set(field, formValue(form, field));
  const exporterName = formValue(form, 'exporter.name');
  const creditCode = formValue(form, 'exporter.creditCode');
  body.exporter = { name: exporterName, ...(creditCode && { creditCode }) };
  body.elements = formValues(form, 'elements');
  for (const field of ['quantityKg', 'valueEur'] as const) {
    const typed = formValue(form, field);
    const amount = parseAmount(typed);
    if (Number.isNaN(amount)) {
      errors[field] = 'must be a number, for example 12.5';
      body[field] = typed;
    } else set(field, amount);
  }
  body.urgent = formValue(form, 'urgent') === 'true';
  if (mode === 'register') body.mofcomCentralLevel = formValue(form, 'mofcomCentralLevel') === 'true';
  return { body, errors };
}

/** A licence (from the API) as the form's values, to fill the edit form. */
export function formOfLicence(licence: Record<string, unknown>): FormBody {
  const form: FormBody = {};
  for (const [key, value] of Object.entries(licence)) {
    if (typeof value === 'string') form[key] = value;
    else if (typeof value === 'number') form[key] = String(value);
    else if (typeof value === 'boolean') form[key] = value ? 'true' : '';
  }
  const exporter = licence.exporter as { name?: string; creditCode?: string | null } | undefined;
  form['exporter.name'] = exporter?.name ?? '';
  form['exporter.creditCode'] = exporter?.creditCode ?? '';
  form.elements = Array.isArray(licence.elements) ? (licence.elements as string[]) : [];
  return form;
}

/** The licence page's status form: status, decision date, customs status and note (cleared when emptied). */
export function statusBodyOf(form: FormBody): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of ['status', 'decisionDate', 'customsStatus', 'customsNote'] as const) {
    const value = formValue(form, field);
    body[field] = value === '' ? (NULLABLE.has(field) ? null : undefined) : value;
  }
  return body;
}
