import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  accessibilityViolations,
  aLicenceForm,
  anOperator,
  createCompany,
  launchBrowser,
  overflowingElements,
  registerLicence,
  scrollsHorizontally,
  signIn,
  startWebStack,
  type WebStack,
} from './support';

/** The operator pages on a desktop (1280 px) and a phone (375 px): usable, no sideways scrolling. */
describe('the operator pages on wide and narrow screens', () => {
  let stack: WebStack;
  let browser: Browser;
  let signedIn: BrowserContext;
  let licencePath: string;
  const shots = mkdtempSync(path.join(os.tmpdir(), 'lmp-web-shots-'));

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    signedIn = await browser.newContext();
    const page = await signedIn.newPage();
    await signIn(page, stack.webUrl, anOperator());
    await createCompany(page, stack.webUrl);
    await registerLicence(
      page,
      stack.webUrl,
      aLicenceForm({
        exporter: 'Inner Mongolia Baotou Steel Rare-Earth (Group) Hi-Tech Company Limited, Magnetic Materials Branch No.2',
        urgent: true,
      }),
    );
    licencePath = new URL(page.url()).pathname;
    await page.close();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const pages = () => [
    '/licences',
    '/licences/new',
    licencePath,
    `${licencePath}/edit`,
    '/company',
    '/company/members',
    '/licences/import',
    '/notifications',
    '/claims',
    '/confirmations',
    '/messages',
  ];

  /** Table cells whose content is wider than the cell (cut off by the cell or the screen). */
  const clippedCells = (page: import('playwright-core').Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('.ecl-table__cell')]
        .filter((cell) => {
          const box = cell.getBoundingClientRect();
          return [...cell.querySelectorAll('*')].some((child) => child.getBoundingClientRect().right > box.right + 1);
        })
        .map((cell) => `${cell.getAttribute('data-ecl-table-header')}: ${(cell.textContent ?? '').trim().slice(0, 40)}`),
    );

  for (const width of [1280, 375]) {
    it(`should fit ${width} px without horizontal scrolling, and stay accessible`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await context.addCookies(await signedIn.cookies());
      const page = await context.newPage();
      const problems: string[] = [];
      for (const pathname of pages()) {
        const response = await page.goto(`${stack.webUrl}${pathname}`);
        expect(response?.status()).toBe(200);
        const name = pathname.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '') || 'home';
        await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
        if (await scrollsHorizontally(page)) {
          problems.push(`${pathname} scrolls sideways at ${width} px: ${(await overflowingElements(page)).join(', ')}`);
        }
        for (const cell of await clippedCells(page)) problems.push(`${pathname} clips a table cell at ${width} px: ${cell}`);
        for (const violation of await accessibilityViolations(page)) problems.push(`${pathname}: ${violation}`);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
