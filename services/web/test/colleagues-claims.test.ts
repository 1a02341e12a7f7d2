import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  aCommissionAnalyst,
  accessibilityViolations,
  aLicenceForm,
  anOperator,
  createCompany,
  launchBrowser,
  registerLicence,
  signIn,
  startWebStack,
  type TestUser,
  type WebStack,
} from './support';

const HEADER =
  'respondentEmail,submittedAt,companyName,eori,memberState,countryOfEstablishment,sme,companySector,licenceNumber,licenceType,validFrom,validTo,applicationDate,exporterName,exporterCreditCode,sector,elements,productType,quantityKg,valueEur,urgent,urgencyReason,status,decisionDate,customsStatus,customsNote,mofcomCentralLevel';

/** An EU Survey export of one respondent's one licence (docs/eusurvey-migration.md, "Columns"). */
function aSurveyExport(respondent: string, licenceNumber: string): Buffer {
  const eori = `DE${Math.floor(1e11 + Math.random() * 9e11)}`;
  const row = `${respondent},2025-07-01 10:00:00,Survey Magnete GmbH,${eori},DE,,false,automotive,${licenceNumber},individual,,,2025-06-15,"JL Mag Rare-Earth Co., Ltd.",,,dysprosium,magnets_ndfeb,100,,false,,pending,,not_started,,true`;
  return Buffer.from(`${HEADER}\n${row}\n`);
}

/**
 * Colleagues, claims and the EU Survey migration in real browsers: an admin invites a colleague
 * who joins at first sign-in, then changes their role and removes them; a second company claims a
 * number the first registered and the Commission transfers it; a migrated licence is checked.
 */
describe('colleagues, claims and migrated licences', () => {
  let stack: WebStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let commission: Page;
  const adminUser = anOperator();

  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };
  const accessible = async (page: Page) => expect(await accessibilityViolations(page)).toEqual([]);
  const submit = (page: Page, name: string | RegExp) =>
    Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).click()]);
  const main = (page: Page) => page.locator('main').textContent();

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    admin = await newPage();
    await signIn(admin, stack.webUrl, adminUser);
    await createCompany(admin, stack.webUrl);
    commission = await newPage();
    await signIn(commission, stack.webUrl, aCommissionAnalyst(), '/commission');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe('the company members page', () => {
    const colleague: TestUser = anOperator();
    const colleagueEmail = `${colleague.email.split('@')[0]}@${adminUser.email.split('@')[1]}`;

    it('should list the admin and refuse an invitation to a bad address next to the field', async () => {
      await admin.goto(`${stack.webUrl}/company/members`);
      await expect(admin.locator('main table').first().textContent()).resolves.toContain('Administrator');
      await accessible(admin);

      await admin.getByLabel('E-mail address').fill('not an address');
      await submit(admin, 'Send the invitation');
      await expect(admin.locator('#email-error').textContent()).resolves.toContain('must be an e-mail address');
      await expect(admin.getByLabel('E-mail address').inputValue()).resolves.toBe('not an address');
      await accessible(admin);
    });

    it('should invite a colleague, withdraw the invitation, and invite again', async () => {
      await admin.getByLabel('E-mail address').fill(colleagueEmail);
      await submit(admin, 'Send the invitation');
      await expect(main(admin)).resolves.toContain('The invitation is sent');
      await expect(admin.locator('main').getByRole('table').nth(1).textContent()).resolves.toContain(colleagueEmail);

      await submit(admin, `Withdraw the invitation of ${colleagueEmail}`);
      await expect(main(admin)).resolves.toContain('The invitation is withdrawn');
      await expect(admin.locator('main').getByRole('table').nth(1).textContent()).resolves.not.toContain(colleagueEmail);

      await admin.getByLabel('E-mail address').fill(colleagueEmail);
      await submit(admin, 'Send the invitation');
      await expect(main(admin)).resolves.toContain('The invitation is sent');
    });

    it('should show the colleague once they signed in, and let the admin promote, demote and remove them', async () => {
      const page = await newPage();
      await signIn(page, stack.webUrl, { email: colleagueEmail, name: 'Clara Colleague' }, '/company/members');
      expect(new URL(page.url()).pathname).toBe('/company/members');
      // A member sees the colleagues, not the admin's forms.
      await expect(main(page)).resolves.toContain(adminUser.email);
      expect(await page.getByRole('button', { name: 'Send the invitation' }).count()).toBe(0);

      await admin.goto(`${stack.webUrl}/company/members`);
      const row = admin.locator('main table').first().locator('tr', { hasText: colleagueEmail });
      await expect(row.textContent()).resolves.toContain('Member');
      await submit(admin, 'Make Clara Colleague an administrator');
      await expect(main(admin)).resolves.toContain('The role is changed');
      await expect(row.textContent()).resolves.toContain('Administrator');
      await submit(admin, 'Make Clara Colleague a member');
      await expect(row.textContent()).resolves.toContain('Member');
      await accessible(admin);

      await submit(admin, 'Remove Clara Colleague');
      await expect(main(admin)).resolves.toContain('The colleague is removed from the company');
      await expect(admin.locator('main table').first().textContent()).resolves.not.toContain(colleagueEmail);
    });
  });

  describe('a claim on a number another company registered', () => {
    const licence = aLicenceForm();

    it('should offer to claim the number after the duplicate, and list the claim', async () => {
      await registerLicence(admin, stack.webUrl, licence);
      const claimant = await newPage();
      await signIn(claimant, stack.webUrl, anOperator());
      const company = await createCompany(claimant, stack.webUrl);
      await registerLicence(claimant, stack.webUrl, licence);

      await expect(main(claimant)).resolves.toContain('Claim this number');
      await accessible(claimant);
      await claimant.getByLabel('Why this licence is yours').fill('Our supplier filed it for our order 4711 of March.');
      await submit(claimant, 'Claim this number');
      expect(new URL(claimant.url()).pathname).toBe('/claims');
      const claims = claimant.locator('main table');
      await expect(claims.textContent()).resolves.toContain(licence.licenceNumber);
      await expect(claims.textContent()).resolves.toContain('Open: the Commission decides');
      await accessible(claimant);

      await commission.goto(`${stack.webUrl}/commission/claims?status=open`);
      const row = commission.locator('main table tr', { hasText: licence.licenceNumber });
      await expect(row.textContent()).resolves.toContain(company.name);
      await accessible(commission);
      await submit(commission, `Transfer to ${company.name}`);
      await expect(main(commission)).resolves.toContain('The licence is transferred');

      await claimant.goto(`${stack.webUrl}/claims`);
      await expect(claims.textContent()).resolves.toContain('Transferred to your company');
      await Promise.all([claimant.waitForEvent('load'), claims.getByRole('link', { name: licence.licenceNumber }).click()]);
      await expect(claimant.locator('h1').textContent()).resolves.toContain(licence.licenceNumber);
    });
  });

  describe('a licence migrated from EU Survey', () => {
    const respondent = anOperator();
    const licenceNumber = `SV-2025-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const file = aSurveyExport(respondent.email, licenceNumber);

    it('should be checked (dry run), then migrated, on the Commission’s migration page', async () => {
      await commission.goto(`${stack.webUrl}/commission/migration`);
      await accessible(commission);
      await commission.locator('input[name="file"]').setInputFiles({ name: 'eusurvey.csv', mimeType: 'text/csv', buffer: file });
      await submit(commission, 'Check the file (dry run)');
      await expect(main(commission)).resolves.toContain('1 licences would be created. Nothing is written yet.');
      await expect(commission.locator('[data-report="dry-run"] table').textContent()).resolves.toContain('Would be created');
      await accessible(commission);

      await commission.locator('input[name="file"]').setInputFiles({ name: 'eusurvey.csv', mimeType: 'text/csv', buffer: file });
      await submit(commission, 'Run the migration');
      await expect(main(commission)).resolves.toContain('Migrated: 1 licences created.');
      await expect(commission.locator('main').getByRole('table').last().textContent()).resolves.toContain('Survey Magnete GmbH');
    });

    it('should ask the respondent to check it, and stop asking once confirmed', async () => {
      const page = await newPage();
      await signIn(page, stack.webUrl, respondent, '/licences?reviewRequired=true');
      const list = page.locator('main table');
      await expect(list.textContent()).resolves.toContain(licenceNumber);
      await expect(list.textContent()).resolves.toContain('To check');
      await accessible(page);

      await Promise.all([page.waitForEvent('load'), list.getByRole('link', { name: licenceNumber }).click()]);
      await expect(main(page)).resolves.toContain('Check this migrated licence');
      await accessible(page);
      await submit(page, 'Confirm it is correct');
      await expect(main(page)).resolves.toContain('Thank you: the licence is checked');
      await expect(main(page)).resolves.not.toContain('Check this migrated licence');

      await page.goto(`${stack.webUrl}/licences?reviewRequired=true`);
      await expect(list.textContent()).resolves.not.toContain(licenceNumber);
    });
  });
});
