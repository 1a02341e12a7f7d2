import { randomUUID } from 'node:crypto';
import type { CompanyInput, LicenceInput } from '@lmp/contracts';

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

/** A valid company with a unique EORI; override any field. */
export function aCompany(overrides: Partial<CompanyInput> = {}): CompanyInput {
  return {
    name: `Autoteile ${unique()} GmbH`,
    eori: `DE${unique()}`,
    country: 'DE',
    memberState: 'DE',
    sme: false,
    sector: 'automotive',
    ...overrides,
  };
}

/**
 * A valid pending individual licence with a unique number; override any field, or set one to
 * undefined (or to an invalid value) to test a rule.
 */
export function aLicence(
  overrides: Partial<Record<keyof LicenceInput, unknown>> & Record<string, unknown> = {},
): LicenceInput & Record<string, unknown> {
  return {
    licenceNumber: `CN-2025-${unique()}`,
    licenceType: 'individual',
    applicationDate: '2025-06-02',
    exporter: { name: 'JL Mag Rare-Earth Co., Ltd.' },
    sector: 'automotive',
    elements: ['dysprosium', 'terbium'],
    productType: 'magnets_ndfeb',
    quantityKg: 1250,
    valueEur: 98000,
    urgent: false,
    status: 'pending',
    customsStatus: 'not_started',
    mofcomCentralLevel: true,
    ...overrides,
  } as LicenceInput & Record<string, unknown>;
}
