import type { LicenceInput, LicencePatch } from '@lmp/contracts';
import type { LicenceRuleSubject } from './licence-rules';
import type { EditableField, LicenceRecord, LicenceValues } from './licence.types';

export type { LicenceValues };

/** Column values of a new licence; optional fields default to empty. */
export function valuesOfInput(input: LicenceInput): LicenceValues {
  return {
    licenceType: input.licenceType,
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    applicationDate: input.applicationDate,
    exporterName: input.exporter.name,
    exporterCreditCode: input.exporter.creditCode ?? null,
    sector: input.sector,
    elements: input.elements,
    productType: input.productType,
    quantityKg: input.quantityKg,
    valueEur: input.valueEur ?? null,
    urgent: input.urgent,
    urgencyReason: input.urgencyReason || null,
    status: input.status,
    decisionDate: input.decisionDate ?? null,
    customsStatus: input.customsStatus,
    customsNote: input.customsNote || null,
  };
}

export function valuesOfRecord(r: LicenceRecord): LicenceValues {
  return {
    licenceType: r.licenceType,
    validFrom: r.validFrom,
    validTo: r.validTo,
    applicationDate: r.applicationDate,
    exporterName: r.exporter.name,
    exporterCreditCode: r.exporter.creditCode,
    sector: r.sector,
    elements: r.elements,
    productType: r.productType,
    quantityKg: r.quantityKg,
    valueEur: r.valueEur,
    urgent: r.urgent,
    urgencyReason: r.urgencyReason,
    status: r.status,
    decisionDate: r.decisionDate,
    customsStatus: r.customsStatus,
    customsNote: r.customsNote,
  };
}

/**
 * The values after a patch. A status moving away from granted/refused drops a decision date the
 * patch did not set, so "back to processing" needs no second edit.
 */
export function applyPatch(current: LicenceValues, patch: LicencePatch): LicenceValues {
  const next: Record<EditableField, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'exporter') {
      const exporter = value as NonNullable<LicencePatch['exporter']>;
      next.exporterName = exporter.name;
      next.exporterCreditCode = exporter.creditCode ?? null;
    } else if (value !== undefined) {
      next[key as EditableField] = value === '' ? null : value;
    }
  }
  const decided = next.status === 'granted' || next.status === 'refused';
  if (!decided && patch.decisionDate === undefined) next.decisionDate = null;
  return next as unknown as LicenceValues;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields whose value differs, as { field: { from, to } }. */
export function diffValues(
  before: LicenceValues,
  after: LicenceValues,
): Partial<Record<EditableField, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<EditableField, { from: unknown; to: unknown }>> = {};
  for (const key of Object.keys(after) as EditableField[]) {
    const [from, to] = [before[key] ?? null, after[key] ?? null];
    if (!same(from, to)) changes[key] = { from, to };
  }
  return changes;
}

export function ruleSubjectOf(values: LicenceValues): LicenceRuleSubject {
  return values;
}
