import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  accessibilityViolations,
  aLicenceForm,
  anOperator,
  createCompany,
  launchBrowser,
  registerLicence,
  signIn,
  startWebStack,
  type WebStack,
} from './support';

/** One operator's first day, in a real browser: sign in, company, a licence, the list, an edit, the history. */
describe('an operator in the browser', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const licence = aLicenceForm({ urgent: true, urgencyReason: 'Our line stops on 15 December' });
  let licenceUrl: string;

  const expectAccessible = async () => expect(await accessibilityViolations(page)).toEqual([]);
  const submit = (name: string | RegExp) =>
    Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).click()]);

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should tell a new user, after signing in, to create their company first', async () => {
    await signIn(page, stack.webUrl, anOperator());

    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('main').textContent()).resolves.toContain('First, create your company');
    await expectAccessible();
  });

  it('should show the API field errors next to the company fields, keeping the values typed', async () => {
    await page.getByRole('link', { name: 'Create your company' }).click();
    await page.getByLabel('Company name').fill('Autoteile Test GmbH');
    await page.getByLabel('EORI number').fill('not an eori');
    await submit('Create the company');

    await expect(page.locator('#error-summary').textContent()).resolves.toContain('EORI number');
    await expect(page.locator('#eori-error').textContent()).resolves.toContain('must be an EORI number');
    await expect(page.getByLabel('Company name').inputValue()).resolves.toBe('Autoteile Test GmbH');
    await expectAccessible();
  });

  it('should create the company and go on to register a licence', async () => {
    await createCompany(page, stack.webUrl);

    expect(new URL(page.url()).pathname).toBe('/licences/new');
    await expect(page.locator('h1').textContent()).resolves.toBe('Register a licence');
    await expect(page.locator('main').textContent()).resolves.toContain("reached MOFCOM's central level");
    await expectAccessible();
  });

  it('should refuse a licence whose MOFCOM central level is not confirmed, naming the rule', async () => {
    await registerLicence(page, stack.webUrl, { ...licence, confirmCentralLevel: false });

    await expect(page.locator('#error-summary').textContent()).resolves.toContain('MOFCOM central level');
    await expect(page.getByLabel('Licence number').inputValue()).resolves.toBe(licence.licenceNumber);
    await expectAccessible();
  });

  it('should register the licence and show its page, pending and urgent', async () => {
    await registerLicence(page, stack.webUrl, licence);

    expect(page.url()).toMatch(/\/licences\/[0-9a-f-]{36}\?registered=1$/);
    licenceUrl = page.url().replace(/\?.*$/, '');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('The licence is registered');
    expect(main).toContain(licence.licenceNumber);
    expect(main).toContain('Pending');
    expect(main).toContain('Our line stops on 15 December');
    expect(main).toContain('Not transmitted to MOFCOM yet');
    await expectAccessible();
  });

  it('should explain that a licence number already registered cannot be registered again', async () => {
    await registerLicence(page, stack.webUrl, { ...licence, licenceNumber: licence.licenceNumber.toLowerCase().replace(/-/g, ' ') });

    expect(new URL(page.url()).pathname).toBe('/licences/new');
    await expect(page.locator('#licenceNumber-error').textContent()).resolves.toContain('already registered');
    await expect(page.locator('#error-summary').textContent()).resolves.toMatch(/supplier|colleague/i);
  });

  it('should list the licence, and filter it in and out by sector, status, customs status, type and urgency', async () => {
    await page.goto(`${stack.webUrl}/licences`);
    await expect(page.locator('table').textContent()).resolves.toContain(licence.licenceNumber);
    await expectAccessible();

    const shown = async (query: string) => {
      await page.goto(`${stack.webUrl}/licences?${query}`);
      return ((await page.locator('table').textContent()) ?? '').includes(licence.licenceNumber);
    };
    expect(await shown('sector=automotive&status=pending&customsStatus=not_started&licenceType=individual&urgent=true')).toBe(true);
    expect(await shown('status=granted')).toBe(false);
    expect(await shown('sector=aerospace')).toBe(false);
    expect(await shown('customsStatus=blocked')).toBe(false);
    expect(await shown('licenceType=general')).toBe(false);
    expect(await shown('urgent=false')).toBe(false);
    expect(await shown(`q=${encodeURIComponent(licence.licenceNumber.slice(-6))}`)).toBe(true);
  });

  it('should apply the filters chosen in the form, without JavaScript', async () => {
    await page.goto(`${stack.webUrl}/licences`);
    await page.getByLabel('Status', { exact: true }).selectOption('granted');
    await submit('Apply filters');

    expect(new URL(page.url()).searchParams.get('status')).toBe('granted');
    await expect(page.locator('table').textContent()).resolves.toContain('No licence matches these filters');
  });

  it('should show the transmission count as a column of the list', async () => {
    await page.goto(`${stack.webUrl}/licences`);
    const headers = await page.locator('table thead th').allTextContents();

    expect(headers.map((h) => h.trim())).toContain('Transmitted');
  });

  it('should refuse a granted status without a decision date, next to the field, keeping the choice', async () => {
    await page.goto(licenceUrl);
    await page.locator('select#status').selectOption('granted');
    await submit('Save the status');

    await expect(page.locator('#decisionDate-error').textContent()).resolves.toMatch(/required|decision/i);
    await expect(page.locator('#error-summary a[href="#decisionDate"]').count()).resolves.toBe(1);
    await expect(page.locator('select#status').inputValue()).resolves.toBe('granted');
    await expectAccessible();
  });

  it('should save the status with its decision date and show the change in the history', async () => {
    await page.locator('input#decisionDate').fill('2025-11-28');
    await submit('Save the status');

    expect(page.url()).toContain('?updated=1');
    const history = (await page.locator('.ecl-timeline').textContent()) ?? '';
    expect(history).toContain('Registered by');
    expect(history).toMatch(/Status: Pending → Granted/);
    expect(history).toContain('2025-11-28');
    await expectAccessible();
  });

  it('should edit every field on the edit page', async () => {
    await page.goto(`${licenceUrl}/edit`);
    await expectAccessible();
    await page.getByLabel('Quantity (kg)').fill('abc');
    await submit('Save changes');
    await expect(page.locator('#quantityKg-error').textContent()).resolves.toContain('must be a number');
    await expect(page.getByLabel('Quantity (kg)').inputValue()).resolves.toBe('abc');

    await page.getByLabel('Quantity (kg)').fill('980');
    await submit('Save changes');

    expect(page.url()).toBe(`${licenceUrl}?updated=1`);
    await expect(page.locator('main').textContent()).resolves.toContain('980 kg');
  });

  it('should show "not available" for the messages while messaging does not answer, never an error page', async () => {
    await page.goto(licenceUrl);

    await expect(page.locator('[data-unavailable="true"]').textContent()).resolves.toContain('Messages: not available');
  });

  it('should show notification settings as "not available" while messaging does not answer', async () => {
    const response = await page.goto(`${stack.webUrl}/notifications`);

    expect(response?.status()).toBe(200);
    await expect(page.locator('[data-unavailable="true"]').count()).resolves.toBe(1);
    await expectAccessible();
  });

  it('should check an import file first (a report per row), then import it', async () => {
    await page.goto(`${stack.webUrl}/licences/import`);
    await expectAccessible();
    const csv = Buffer.from(importCsv());
    await page.locator('input[name="file"]').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: csv });
    await submit('Check the file');

    const report = (await page.locator('main').textContent()) ?? '';
    expect(report).toContain('Nothing is registered yet');
    await expect(page.locator('table tbody tr').count()).resolves.toBe(2);
    await expectAccessible();

    await submit(/Import the 1 valid rows/);
    await expect(page.locator('main').textContent()).resolves.toContain('1 licences imported');
  });

  it('should sign out, here and at EU Login', async () => {
    await submit('Sign out');
    // EU Login's end-session endpoint asks before it ends its own session, then comes back.
    expect(page.url().startsWith(stack.issuer)).toBe(true);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(stack.webUrl)),
      page.getByRole('button', { name: /yes/i }).click(),
    ]);
    await expect(page.locator('main').textContent()).resolves.toContain('Sign in with EU Login');

    await page.goto(`${stack.webUrl}/licences`);
    expect(page.url().startsWith(stack.issuer)).toBe(true);
    await expect(page.locator('#login-form').count()).resolves.toBe(1);
  });
});

/** One good row and one bad row, in the import file's columns. */
function importCsv(): string {
  const id = Math.random().toString(36).slice(2, 8).toUpperCase();
  return [
    'licenceNumber,licenceType,applicationDate,exporterName,sector,elements,productType,quantityKg,mofcomCentralLevel',
    `IMP-${id}-1,individual,2025-10-01,JL Mag Rare-Earth Co. Ltd.,automotive,dysprosium,magnets_ndfeb,100,true`,
    `IMP-${id}-2,individual,not-a-date,JL Mag Rare-Earth Co. Ltd.,automotive,dysprosium,magnets_ndfeb,100,true`,
  ].join('\n');
}
