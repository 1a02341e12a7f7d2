import path from 'node:path';
import { getAccessToken } from '@lmp/eulogin-dev';
import { aCompany, aLicence, JsonApiClient, waitUntil } from '@lmp/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatCount, formatDays, formatInstant, formatRate } from '../src/components/format';
import {
  aCommissionAnalyst,
  accessibilityViolations,
  anOperator,
  launchBrowser,
  scrollsHorizontally,
  signIn,
  startWebStack,
  type WebStack,
} from './support';

const SCREENSHOTS = path.join(__dirname, '..', '..', '..', 'docs', 'screenshots');

/**
 * The Commission's pages in a real browser, signed in through the development EU Login, over a
 * platform of real services (licences, reporting, transmissions, gateway; messaging not started,
 * so the inbox must say it is not available).
 */
describe('Commission pages', () => {
  let stack: WebStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let commissionApi: JsonApiClient;
  const analyst = aCommissionAnalyst();
  const licences = [
    aLicence({
      sector: 'energy',
      urgent: true,
      urgencyReason: 'Magnet line stops in May',
      exporter: { name: 'Baotou Rare Earth Magnet Co.' },
    }),
    aLicence({ sector: 'energy', status: 'processing', elements: ['samarium'] }),
    aLicence({ sector: 'automotive', status: 'granted', decisionDate: '2025-06-20' }),
    aLicence({
      sector: 'electronics',
      status: 'refused',
      decisionDate: '2025-07-02',
      licenceType: 'general',
      validFrom: '2025-07-01',
      validTo: '2026-06-30',
    }),
  ];
  let batch: { id: string; runNumber: number; itemCount: number };

  beforeAll(async () => {
    stack = await startWebStack({ reporting: true, transmissions: true });
    browser = await launchBrowser();
    const operator = anOperator();
    const operatorToken = await getAccessToken({
      issuer: stack.issuer,
      email: operator.email,
      name: operator.name,
    });
    const operatorApi = new JsonApiClient(stack.gatewayUrl, () => ({
      authorization: `Bearer ${operatorToken}`,
    }));
    expect((await operatorApi.put('/me/company', aCompany({ memberState: 'FR' }))).status).toBeLessThan(300);
    for (const licence of licences) {
      const registered = await operatorApi.post('/licences', licence);
      expect({ status: registered.status, errors: registered.body?.errors }).toEqual({
        status: 201,
        errors: undefined,
      });
    }

    const commissionToken = await getAccessToken({
      issuer: stack.issuer,
      email: analyst.email,
      name: analyst.name,
    });
    commissionApi = new JsonApiClient(stack.gatewayUrl, () => ({
      authorization: `Bearer ${commissionToken}`,
    }));
    await waitUntil(
      async () => (await commissionApi.get('/reports/summary')).body?.total === licences.length,
      'the reports to count the licences',
      30000,
    );
    // Transmissions learns of pending licences from events too: build until the draft has them.
    batch = await waitUntil(
      async () => {
        const built = await commissionApi.post('/transmissions/batches', {});
        if (built.status !== 201) return false;
        if (built.body.itemCount >= 2) return built.body;
        await commissionApi.post(`/transmissions/batches/${built.body.id}/cancel`, {});
        return false;
      },
      'a batch with the pending licences',
      30000,
    );

    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept()); // dispatch/cancel ask first (web.js)
    await signIn(page, stack.webUrl, analyst, '/commission');
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const open = async (pathname: string) => {
    const response = await page.goto(`${stack.webUrl}${pathname}`);
    return response!.status();
  };
  const figure = (key: string) => page.locator(`[data-figure="${key}"] .ecl-fact-figures__value`).innerText();

  describe('the dashboard', () => {
    it('shows the key figures equal to the API’s GET /reports/summary', async () => {
      const { body: summary } = await commissionApi.get('/reports/summary');
      expect(await open('/commission')).toBe(200);
      expect(await figure('total')).toBe(formatCount(summary.total));
      for (const status of ['pending', 'processing', 'granted', 'refused'] as const) {
        expect(await figure(status)).toBe(formatCount(summary.byStatus[status]));
      }
      expect(await figure('approvalRate')).toBe(formatRate(summary.approvalRate));
      expect(await figure('urgentPending')).toBe(formatCount(summary.urgentPending));
      expect(await figure('stalePending')).toBe(formatCount(summary.stalePending));
      expect(await figure('medianDaysToDecision')).toBe(formatDays(summary.medianDaysToDecision));
      expect(await figure('p90DaysToDecision')).toBe(formatDays(summary.p90DaysToDecision));
      expect(await figure('transmittedAtLeastOnce')).toBe(formatCount(summary.transmittedAtLeastOnce));
      expect(await figure('lastBatchAt')).toBe(
        summary.lastBatchAt ? formatInstant(summary.lastBatchAt) : 'None yet',
      );
      // and the figures are the licences registered above
      expect(summary.total).toBe(4);
      expect(summary.byStatus).toEqual({ pending: 1, processing: 1, granted: 1, refused: 1 });
      expect(await figure('approvalRate')).toBe('50%');
    });

    it('draws the timeline and breakdown charts with their tables, and lists exporters and urgent licences', async () => {
      await open('/commission');
      for (const id of ['timeline-chart', 'breakdown-sector', 'breakdown-memberState', 'breakdown-element']) {
        await expect(page.locator(`#${id} .lmp-chart__wide svg.lmp-chart__svg`).count()).resolves.toBe(1);
      }
      const sectorTable = page.locator('#breakdown-sector-table');
      await expect(sectorTable.locator('th[scope="row"]').allTextContents()).resolves.toEqual(
        expect.arrayContaining(['Energy', 'Automotive', 'Electronics']),
      );
      await expect(
        page.locator('#breakdown-memberState-table th[scope="row"]').allTextContents(),
      ).resolves.toEqual(['France']);
      await expect(page.locator('#exporters').innerText()).resolves.toContain('Baotou Rare Earth Magnet Co.');
      await expect(page.locator('#urgent-licences').innerText()).resolves.toContain(
        licences[0]!.licenceNumber as string,
      );
    });

    it('applies the filters to every part, and shows a refused filter next to its field', async () => {
      expect(await open('/commission?sector=energy')).toBe(200);
      expect(await figure('total')).toBe('2');
      await expect(page.locator('#sector option[selected]').innerText()).resolves.toBe('Energy');
      await expect(
        page.locator('#breakdown-sector-table th[scope="row"]').allTextContents(),
      ).resolves.toEqual(['Energy']);

      expect(await open('/commission?from=2030-01-02&to=2030-01-01')).toBe(422);
      await expect(page.locator('#to-error').innerText()).resolves.toContain('must not be before from');
      await expect(page.locator('#error-summary a[href="#to"]').count()).resolves.toBe(1);
      await expect(page.locator('#from').inputValue()).resolves.toBe('2030-01-02');
    });
  });

  describe('batches', () => {
    it('lists the batch built through the API and shows its licences for review', async () => {
      expect(await open('/commission/batches')).toBe(200);
      const link = page.getByRole('link', { name: `Batch ${batch.runNumber}`, exact: true });
      await expect(link.count()).resolves.toBe(1);
      await link.click();
      await page.waitForURL(`**/commission/batches/${batch.id}`);
      const items = await page
        .locator('table:has(caption:text("Licences of batch")) tbody th[scope="row"]')
        .allInnerTexts();
      expect(items).toEqual(expect.arrayContaining([licences[0]!.licenceNumber, licences[1]!.licenceNumber]));
    });

    it('refuses a too-short reason next to its field, keeping it, then leaves the licence out', async () => {
      const { body: itemPage } = await commissionApi.get(`/transmissions/batches/${batch.id}/items`);
      const item = itemPage.items.find((i: { excluded: boolean }) => !i.excluded);
      await open(`/commission/batches/${batch.id}`);
      const reason = page.locator(`#reason-${item.licenceId}`);
      await reason.fill('no');
      await reason.press('Enter');
      await page.waitForLoadState();
      await expect(page.locator(`#reason-${item.licenceId}-error`).innerText()).resolves.toContain(
        'at least 3 characters',
      );
      await expect(page.locator(`#reason-${item.licenceId}`).inputValue()).resolves.toBe('no');

      await page.locator(`#reason-${item.licenceId}`).fill('Decided meanwhile');
      await page.locator(`#reason-${item.licenceId}`).press('Enter');
      await page.waitForURL(/done=excluded/);
      await expect(page.locator('.lmp-notices').innerText()).resolves.toContain('left out');
      const { body: after } = await commissionApi.get(`/transmissions/batches/${batch.id}/items`);
      expect(after.items.find((i: { licenceId: string }) => i.licenceId === item.licenceId)).toMatchObject({
        excluded: true,
        exclusionReason: 'Decided meanwhile',
      });
    });

    it('downloads the MOFCOM file through the web app, with the user’s session', async () => {
      const response = await page.request.get(
        `${stack.webUrl}/commission/batches/${batch.id}/file?format=csv`,
      );
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('text/csv');
      const csv = await response.text();
      expect(csv.split(/\r?\n/)[0]).toBe('licence_number,submission_date');
    });
  });

  describe('feedback, exports, inbox and broadcasts', () => {
    it('uploads a MOFCOM feedback file and shows its per-row report', async () => {
      await open('/commission/feedback');
      const csv = `licence_number,status,date\n${licences[0]!.licenceNumber},granted,2025-08-01\nNO-SUCH-NUMBER,refused,\n`;
      await page
        .locator('#file')
        .setInputFiles({ name: 'mofcom.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForLoadState();
      const report = page.locator('section:has(#report-heading)');
      await expect(
        report.locator('[data-figure="matched"] .ecl-fact-figures__value').innerText(),
      ).resolves.toBe('1');
      await expect(
        report.locator('[data-figure="unmatched"] .ecl-fact-figures__value').innerText(),
      ).resolves.toBe('1');
      await expect(report.innerText()).resolves.toContain('No licence has this number');
    });

    it('refuses an upload without a file next to the field', async () => {
      await open('/commission/feedback');
      await page.locator('#file').evaluate((input) => input.removeAttribute('required'));
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForLoadState();
      await expect(page.locator('#file-error').innerText()).resolves.toContain(
        'Choose the CSV or Excel file',
      );
    });

    it('streams the export with the filters through the web app', async () => {
      const response = await page.request.get(
        `${stack.webUrl}/commission/exports/download?format=csv&sector=automotive`,
      );
      expect(response.status()).toBe(200);
      const csv = await response.text();
      expect(csv).toContain(licences[2]!.licenceNumber as string);
      expect(csv).not.toContain(licences[0]!.licenceNumber as string);
    });

    it('says the inbox and broadcasts are not available while messaging is down, never an error page', async () => {
      expect(await open('/commission/inbox')).toBe(200);
      await expect(page.locator('[data-unavailable]').innerText()).resolves.toContain(
        'This part of the platform is not available at the moment. Try again later.',
      );
      expect(await open('/commission/broadcasts')).toBe(200);
      await page.locator('#subject').fill('Rare earth licences');
      await page.locator('#body').fill('Please check your pending licences.');
      await page.getByRole('button', { name: 'Preview: how many companies' }).click();
      await page.waitForLoadState();
      await expect(page.locator('[data-unavailable]').first().innerText()).resolves.toContain(
        'not available',
      );
      await expect(page.locator('#subject').inputValue()).resolves.toBe('Rare earth licences');
    });
  });

  describe('every Commission page', () => {
    const pages = () => [
      ['dashboard', '/commission'],
      ['licences', '/commission/licences'],
      ['batches', '/commission/batches'],
      ['batch', `/commission/batches/${batch.id}`],
      ['feedback', '/commission/feedback'],
      ['inbox', '/commission/inbox'],
      ['broadcasts', '/commission/broadcasts'],
      ['exports', '/commission/exports'],
    ];

    it('has no serious or critical accessibility violation (axe, WCAG 2.1 AA)', async () => {
      const found: Record<string, string[]> = {};
      for (const [name, pathname] of pages()) {
        expect(await open(pathname!)).toBe(200);
        const violations = await accessibilityViolations(page);
        if (violations.length) found[name!] = violations;
      }
      expect(found).toEqual({});
    }, 240000); // axe checks every page in full: about 6 s a page, more on a busy machine

    it('fits a 375 px wide screen without sideways scrolling, and is photographed at both widths', async () => {
      const wide: string[] = [];
      for (const [name, pathname] of pages()) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await open(pathname!);
        await page.screenshot({ path: path.join(SCREENSHOTS, `commission-${name}.png`), fullPage: true });
        await page.setViewportSize({ width: 375, height: 800 });
        await open(pathname!);
        await page.screenshot({ path: path.join(SCREENSHOTS, `commission-${name}-375.png`), fullPage: true });
        if (await scrollsHorizontally(page)) wide.push(name!);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(wide).toEqual([]);
    }, 120000);
  });

  it('keeps an operator out of the Commission pages', async () => {
    const operatorContext = await browser.newContext();
    const operatorPage = await operatorContext.newPage();
    await signIn(operatorPage, stack.webUrl, anOperator());
    const response = await operatorPage.goto(`${stack.webUrl}/commission/batches`);
    expect(response!.status()).toBe(403);
    await operatorContext.close();
  });
});
