import type { Page } from 'playwright-core';

const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase();

export interface CompanyFields {
  name: string;
  eori: string;
  country: string;
  memberState: string;
  sme: boolean;
  sector: string;
}

export function aCompanyForm(overrides: Partial<CompanyFields> = {}): CompanyFields {
  const id = unique();
  return {
    name: `Autoteile ${id} GmbH`,
    eori: `DE${Math.floor(Math.random() * 1e12)}`,
    country: 'DE',
    memberState: 'DE',
    sme: false,
    sector: 'automotive',
    ...overrides,
  };
}

/** Fills and sends the company form (the page must be /company). */
export async function fillCompanyForm(page: Page, company: CompanyFields): Promise<void> {
  await page.getByLabel('Company name').fill(company.name);
  await page.getByLabel('EORI number').fill(company.eori);
  await page.getByLabel('Country of establishment').fill(company.country);
  await page.getByLabel('EU member state').selectOption(company.memberState);
  await page.locator(`input[name="sme"][value="${company.sme}"]`).check({ force: true });
  await page.getByLabel('Sector').selectOption(company.sector);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: /company|profile/i }).click()]);
}

/** Creates the signed-in operator's company through the company page. */
export async function createCompany(page: Page, webUrl: string, company = aCompanyForm()): Promise<CompanyFields> {
  await page.goto(`${webUrl}/company`);
  await fillCompanyForm(page, company);
  return company;
}

export interface LicenceFields {
  licenceNumber: string;
  applicationDate: string;
  exporter: string;
  sector: string;
  elements: string[];
  productType: string;
  quantityKg: string;
  urgent?: boolean;
  urgencyReason?: string;
  confirmCentralLevel?: boolean;
}

export function aLicenceForm(overrides: Partial<LicenceFields> = {}): LicenceFields {
  return {
    licenceNumber: `LIC-2025-${unique()}`,
    applicationDate: '2025-10-20',
    exporter: 'Ningbo Yunsheng Co., Ltd.',
    sector: 'automotive',
    elements: ['dysprosium', 'terbium'],
    productType: 'magnets_ndfeb',
    quantityKg: '1250.5',
    confirmCentralLevel: true,
    ...overrides,
  };
}

/** Fills and sends the register form; lands on the licence's page (or the form with its errors). */
export async function registerLicence(page: Page, webUrl: string, licence = aLicenceForm()): Promise<LicenceFields> {
  await page.goto(`${webUrl}/licences/new`);
  await page.getByLabel('Licence number').fill(licence.licenceNumber);
  await page.getByLabel('Date filed with MOFCOM').fill(licence.applicationDate);
  await page.getByLabel("Exporter's name").fill(licence.exporter);
  await page.getByLabel('Sector').selectOption(licence.sector);
  for (const element of licence.elements) await page.locator(`#elements-${element}`).check({ force: true });
  await page.getByLabel('Product type').selectOption(licence.productType);
  await page.getByLabel('Quantity (kg)').fill(licence.quantityKg);
  if (licence.urgent) {
    await page.locator('input[name="urgent"]').check({ force: true });
    await page.getByLabel('Why it is urgent').fill(licence.urgencyReason ?? 'Production stops in two weeks');
  }
  if (licence.confirmCentralLevel) await page.locator('input[name="mofcomCentralLevel"]').check({ force: true });
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Register the licence' }).click()]);
  return licence;
}
