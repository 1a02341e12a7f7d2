// `npm run -s screenshots -w @lmp/web`: the main operator pages, rendered by the real stack in
// Chromium, saved as docs/screenshots/operator-*.png (1280 px wide; the list also at 375 px).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
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
  const stack = await startWebStack();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const shot = async (name: string) => {
      await page.screenshot({ path: path.join(OUT, `operator-${name}.png`), fullPage: true });
      process.stdout.write(`docs/screenshots/operator-${name}.png\n`);
    };
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
    const exporters = ['JL Mag Rare-Earth Co., Ltd.', 'Ningbo Yunsheng Co., Ltd.', 'Beijing Zhong Ke San Huan High-Tech'];
    for (let i = 0; i < 6; i++) {
      await registerLicence(
        page,
        stack.webUrl,
        aLicenceForm({
          exporter: exporters[i % 3]!,
          applicationDate: `2025-1${i % 2}-1${i}`,
          urgent: i === 1,
          elements: i % 2 ? ['samarium'] : ['dysprosium', 'terbium'],
        }),
      );
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
    const narrow = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const phone = await narrow.newPage();
    await phone.context().addCookies(await context.cookies());
    await phone.goto(`${stack.webUrl}/licences`);
    await phone.screenshot({ path: path.join(OUT, 'operator-licences-375.png'), fullPage: true });
    process.stdout.write('docs/screenshots/operator-licences-375.png\n');
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
