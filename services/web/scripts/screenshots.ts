// `npm run -s screenshots -w @lmp/web`: the main operator pages and the Commission's messaging,
// claims and migration pages, rendered by the real stack (messaging included) in Chromium, saved
// as docs/screenshots/operator-*.png and commission-*.png (1280 px wide; some also at 375 px).
// The Commission's other pages are saved by test/commission-pages.test.ts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  aCommissionAnalyst,
  aLicenceForm,
  createCompany,
  launchBrowser,
  registerLicence,
  signIn,
  startWebStack,
} from '../test/support';

const OUT = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const stack = await startWebStack({ messaging: true });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const shotOf = (p: typeof page, side: 'operator' | 'commission') => async (name: string) => {
      await p.screenshot({ path: path.join(OUT, `${side}-${name}.png`), fullPage: true });
      process.stdout.write(`docs/screenshots/${side}-${name}.png\n`);
    };
    const shot = shotOf(page, 'operator');
    const submit = (p: typeof page, name: string | RegExp) =>
      Promise.all([p.waitForEvent('load'), p.getByRole('button', { name }).click()]);
    await signIn(page, stack.webUrl, { email: 'anna.schmidt@autoparts.example', name: 'Anna Schmidt' });
    await shot('welcome');
    await page.goto(`${stack.webUrl}/company`);
    await shot('company');
    await createCompany(page, stack.webUrl, {
      name: 'Autoparts Schmidt GmbH',
      eori: 'DE123456789012',
      country: 'DE',
      memberState: 'DE',
      sme: true,
      sector: 'automotive',
    });
    await page.goto(`${stack.webUrl}/licences/new`);
    await shot('register');
    const exporters = [
      'JL Mag Rare-Earth Co., Ltd.',
      'Ningbo Yunsheng Co., Ltd.',
      'Inner Mongolia Baotou Steel Rare-Earth (Group) Hi-Tech Co., Ltd.',
    ];
    const numbers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const registered = await registerLicence(
        page,
        stack.webUrl,
        aLicenceForm({
          exporter: exporters[i % 3]!,
          applicationDate: `2025-1${i % 2}-1${i}`,
          urgent: i === 1,
          elements: i % 2 ? ['samarium'] : ['dysprosium', 'terbium'],
        }),
      );
      numbers.push(registered.licenceNumber);
    }
    // The last one: a field error first (granted without a decision date), as an operator meets it.
    await page.locator('select#status').selectOption('granted');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save the status' }).click()]);
    await shot('licence-error');
    await page.locator('input#decisionDate').fill('2025-11-28');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save the status' }).click()]);
    await shot('licence');
    const licencePage = page.url().replace(/\?.*$/, '');
    await page.goto(`${licencePage}/edit`);
    await shot('licence-edit');
    await page.goto(`${stack.webUrl}/licences`);
    await shot('licences');
    await page.goto(`${stack.webUrl}/licences/new`);
    await page.getByRole('button', { name: 'Register the licence' }).click();
    await page.waitForLoadState('load');
    await shot('register-errors');
    await page.goto(`${stack.webUrl}/licences/import`);
    await shot('import');
    await page.goto(`${stack.webUrl}/notifications`);
    await shot('notifications');
    // Messages: one with evidence on the licence page, the Commission's inbox and reply.
    await page.goto(licencePage);
    await page.getByLabel('Your message').fill('The customs office in Hamburg asks for the end-use statement: attached, signed.');
    await page.locator('input[name="files"]').setInputFiles({
      name: 'end-use-statement.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await submit(page, 'Send the message');
    const commissionContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const commission = await commissionContext.newPage();
    const commissionShot = shotOf(commission, 'commission');
    await signIn(commission, stack.webUrl, aCommissionAnalyst(), '/commission/inbox');
    await commission.goto(`${stack.webUrl}/commission/inbox`);
    await commissionShot('inbox-messages');
    await Promise.all([commission.waitForEvent('load'), commission.locator('main table tbody tr').first().getByRole('link').click()]);
    await commission.getByLabel('Your reply').fill('Thank you: the statement is complete. The licence is in the batch of Monday.');
    await submit(commission, 'Send the reply');
    await commissionShot('inbox-thread');
    await page.goto(`${licencePage}#messages`);
    await page.locator('#messages').screenshot({ path: path.join(OUT, 'operator-licence-messages.png') });
    process.stdout.write('docs/screenshots/operator-licence-messages.png\n');
    await page.goto(`${stack.webUrl}/messages`);
    await shot('messages');
    await page.goto(`${stack.webUrl}/confirmations`);
    await shot('confirmations');
    // Colleagues: an invitation open.
    await page.goto(`${stack.webUrl}/company/members`);
    await page.getByLabel('E-mail address').fill('jonas.weber@autoparts.example');
    await submit(page, 'Send the invitation');
    await shot('members');
    // A claim: another company registers a number Autoparts Schmidt holds.
    const claimantContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const claimant = await claimantContext.newPage();
    await signIn(claimant, stack.webUrl, { email: 'lea.fischer@magnettechnik.example', name: 'Lea Fischer' });
    await createCompany(claimant, stack.webUrl, {
      name: 'Magnettechnik Fischer AG',
      eori: 'DE987654321098',
      country: 'DE',
      memberState: 'DE',
      sme: false,
      sector: 'energy',
    });
    await registerLicence(claimant, stack.webUrl, aLicenceForm({ licenceNumber: numbers[0]! }));
    await shotOf(claimant, 'operator')('register-duplicate-claim');
    await claimant.getByLabel('Why this licence is yours').fill('Our supplier filed it for our order 4711 of 3 March; the contract is attached to our message.');
    await submit(claimant, 'Claim this number');
    await shotOf(claimant, 'operator')('claims');
    await commission.goto(`${stack.webUrl}/commission/claims`);
    await commissionShot('claims');
    // Broadcast: the preview.
    await commission.goto(`${stack.webUrl}/commission/broadcasts`);
    await commission.getByLabel('Sector').selectOption('automotive');
    await commission.getByLabel('Subject').fill('New end-use statement form');
    await commission.locator('textarea[name="body"]').fill('From 1 January MOFCOM asks for the new end-use statement form with every application.');
    await submit(commission, /Preview/);
    await commissionShot('broadcast-preview');
    // The EU Survey migration: a dry run of a small export, then the run.
    const header =
      'respondentEmail,submittedAt,companyName,eori,memberState,countryOfEstablishment,sme,companySector,licenceNumber,licenceType,validFrom,validTo,applicationDate,exporterName,exporterCreditCode,sector,elements,productType,quantityKg,valueEur,urgent,urgencyReason,status,decisionDate,customsStatus,customsNote,mofcomCentralLevel';
    const rows = [
      'karl.braun@braun-motoren.example,2025-06-03 09:14:22,Braun Motoren GmbH,DE100000000000001,DE,,false,automotive,CN-DU-2025-061001,individual,,,2025-05-12,"JL Mag Rare-Earth Co., Ltd.",,,dysprosium,magnets_ndfeb,1200.5,84000,false,,granted,2025-07-21,not_started,,true',
      'karl.braun@braun-motoren.example,2025-06-03 09:31:05,Braun Motoren GmbH,DE100000000000001,DE,,false,automotive,CN-DU-2025-061002,individual,,,2025-05-20,"Ningbo Yunsheng Co., Ltd.",,,dysprosium;terbium,magnets_ndfeb,800,61000,true,Line 3 stops in July,pending,,not_started,,true',
      'karl.braun@braun-motoren.example,2025-06-04 10:02:00,Braun Motoren GmbH,DE100000000000001,DE,,false,automotive,CN-DU-2025-061002,individual,,,2025-05-20,"Ningbo Yunsheng Co., Ltd.",,,dysprosium,magnets_ndfeb,800,61000,false,,pending,,not_started,,true',
      'eva.roth@roth-elektronik.example,2025-07-10 14:00:00,Roth Elektronik SE,FR200000000000002,FR,,true,electronics,CN-SM-2025-071001,individual,,,2025-08-01,"Beijing Zhong Ke San Huan High-Tech",,,samarium,magnets_smco,50,,false,,pending,,not_started,,true',
    ];
    const csv = Buffer.from(`${header}\n${rows.join('\n')}\n`);
    await commission.goto(`${stack.webUrl}/commission/migration`);
    await commission.locator('input[name="file"]').setInputFiles({ name: 'eusurvey-export.csv', mimeType: 'text/csv', buffer: csv });
    await submit(commission, 'Check the file (dry run)');
    await commissionShot('migration-dry-run');
    await commission.locator('input[name="file"]').setInputFiles({ name: 'eusurvey-export.csv', mimeType: 'text/csv', buffer: csv });
    await submit(commission, 'Run the migration');
    await commissionShot('migration');
    // The respondent's first sign-in: the migrated licence asks to be checked.
    const respondentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const respondent = await respondentContext.newPage();
    await signIn(respondent, stack.webUrl, { email: 'karl.braun@braun-motoren.example', name: 'Karl Braun' }, '/licences?reviewRequired=true');
    await shotOf(respondent, 'operator')('licences-to-check');
    await Promise.all([respondent.waitForEvent('load'), respondent.locator('main table tbody tr').first().getByRole('link').click()]);
    await shotOf(respondent, 'operator')('licence-migrated');

    const narrow = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const phone = await narrow.newPage();
    await phone.context().addCookies(await context.cookies());
    await phone.goto(`${stack.webUrl}/licences`);
    await phone.screenshot({ path: path.join(OUT, 'operator-licences-375.png'), fullPage: true });
    process.stdout.write('docs/screenshots/operator-licences-375.png\n');
    for (const [name, pathname] of [
      ['licence-375', new URL(licencePage).pathname],
      ['members-375', '/company/members'],
      ['messages-375', '/messages'],
    ] as const) {
      await phone.goto(`${stack.webUrl}${pathname}`);
      await phone.screenshot({ path: path.join(OUT, `operator-${name}.png`), fullPage: true });
      process.stdout.write(`docs/screenshots/operator-${name}.png\n`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
