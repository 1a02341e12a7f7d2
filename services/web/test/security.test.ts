import type { Browser, Page } from 'playwright-core';
import {
  aCommissionAnalyst,
  aLicenceForm,
  anOperator,
  createCompany,
  launchBrowser,
  registerLicence,
  signIn,
  startWebStack,
  type WebStack,
} from './support';

describe('security of the pages', () => {
  let stack: WebStack;
  let browser: Browser;
  let operator: Page;

  beforeAll(async () => {
    stack = await startWebStack();
    browser = await launchBrowser();
    operator = await (await browser.newContext()).newPage();
    await signIn(operator, stack.webUrl, anOperator());
    await createCompany(operator, stack.webUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** POSTs a form from inside the signed-in page (the browser sends its cookies, like a real form). */
  const postForm = (page: Page, path: string, fields: Record<string, string>) =>
    page.evaluate(
      async ([url, body]) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(body).toString(),
          redirect: 'manual',
        });
        return { status: response.status, text: await response.text() };
      },
      [`${stack.webUrl}${path}`, fields] as const,
    );

  describe('CSRF', () => {
    it('should refuse a form without its token with the 403 page, and register nothing', async () => {
      const number = `CSRF-${Date.now()}`;
      const answer = await postForm(operator, '/licences/new', { licenceNumber: number, mofcomCentralLevel: 'true' });

      expect(answer.status).toBe(403);
      expect(answer.text).toContain('The form has expired');
      await operator.goto(`${stack.webUrl}/licences?q=${number}`);
      await expect(operator.locator('table').textContent()).resolves.not.toContain(number);
    });

    it('should refuse a form with another token', async () => {
      const answer = await postForm(operator, '/company', { _csrf: 'x'.repeat(43), name: 'Hijacked' });

      expect(answer.status).toBe(403);
    });

    it('should refuse sign-out without the token', async () => {
      const answer = await postForm(operator, '/auth/logout', {});

      expect(answer.status).toBe(403);
    });
  });

  describe('the session cookie', () => {
    it('should be HttpOnly, SameSite=Lax and Secure outside development, and carry no token', async () => {
      const cookies = await operator.context().cookies();
      const session = cookies.find((c) => c.name === 'lmp_session');

      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
      expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // a random 256-bit id, not a JWT
      expect(await operator.evaluate(() => document.cookie)).not.toContain('lmp_session');
    });

    it('should be stored only as a hash, with the tokens kept on the server', async () => {
      const session = (await operator.context().cookies()).find((c) => c.name === 'lmp_session')!;
      const { Client } = await import('pg');
      const client = new Client({ connectionString: stack.webDatabase.urlFor('web') });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT id_hash, access_token FROM web.sessions');
        expect(rows.some((r) => r.id_hash === session.value)).toBe(false);
        expect(rows.length).toBeGreaterThan(0);
        const html = await operator.content();
        for (const row of rows) expect(html).not.toContain(row.access_token);
      } finally {
        await client.end();
      }
    });

    it('should get a new id at every sign-in (no session fixation)', async () => {
      const page = await (await browser.newContext()).newPage();
      const user = anOperator();
      await signIn(page, stack.webUrl, user);
      const first = (await page.context().cookies()).find((c) => c.name === 'lmp_session')!.value;
      await signIn(page, stack.webUrl, user);
      const second = (await page.context().cookies()).find((c) => c.name === 'lmp_session')!.value;

      expect(second).not.toBe(first);
      await page.context().close();
    });

    it('should not be Secure in development, where the pages are plain http', async () => {
      const development = await stack.startAnotherWeb({ NODE_ENV: 'development' });
      const page = await (await browser.newContext()).newPage();
      await signIn(page, development.url, anOperator());
      const session = (await page.context().cookies()).find((c) => c.name === 'lmp_session');

      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
      await page.context().close();
    });
  });

  describe('headers', () => {
    it('should send a Content-Security-Policy without inline script, and refuse framing', async () => {
      const response = await operator.goto(`${stack.webUrl}/licences`);
      const headers = response!.headers();

      expect(headers['content-security-policy']).toContain("script-src 'self'");
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('no-store');
      await expect(operator.locator('script:not([src])').count()).resolves.toBe(0);
      await expect(operator.locator('[onclick], [onload], [onchange], [onsubmit]').count()).resolves.toBe(0);
    });

    it('should serve ECL with long cache headers', async () => {
      const response = await fetch(`${stack.webUrl}/static/ecl/styles/ecl-ec.css`);

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      await response.body?.cancel();
    });
  });

  describe('roles and companies', () => {
    it("should show an operator the 403 page for the Commission's pages", async () => {
      for (const path of ['/commission', '/commission/licences', '/commission/batches']) {
        const response = await operator.goto(`${stack.webUrl}${path}`);
        expect(response?.status()).toBe(403);
        await expect(operator.locator('h1').textContent()).resolves.toBe('You cannot open this page');
      }
    });

    it("should show the 404 page for another company's licence", async () => {
      const other = await (await browser.newContext()).newPage();
      await signIn(other, stack.webUrl, anOperator());
      await createCompany(other, stack.webUrl);
      await registerLicence(other, stack.webUrl, aLicenceForm());
      const theirs = other.url().replace(/\?.*$/, '');

      const response = await operator.goto(theirs);

      expect(response?.status()).toBe(404);
      await expect(operator.locator('main').textContent()).resolves.not.toContain('Ningbo');
      await other.context().close();
    });

    it("should show the Commission the 403 page for an operator's pages", async () => {
      const page = await (await browser.newContext()).newPage();
      await signIn(page, stack.webUrl, aCommissionAnalyst(), '/licences/new');
      expect(new URL(page.url()).pathname).toBe('/licences/new');
      await expect(page.locator('h1').textContent()).resolves.toBe('You cannot open this page');
      await page.context().close();
    });
  });

  describe('sign-in', () => {
    it('should return only to a page of this site after sign-in (no open redirect)', async () => {
      for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
        const page = await (await browser.newContext()).newPage();
        await signIn(page, stack.webUrl, anOperator(), returnTo);
        expect(new URL(page.url()).origin).toBe(stack.webUrl);
        expect(new URL(page.url()).pathname).toBe('/');
        await page.context().close();
      }
    });

    it('should refuse a callback whose state this browser did not start', async () => {
      const response = await fetch(`${stack.webUrl}/auth/callback?code=abc&state=forged`, { redirect: 'manual' });

      expect(response.status).toBe(400);
      await expect(response.text()).resolves.toContain('The sign-in could not be completed');
    });

    it('should send a visitor without a session to EU Login, coming back to the same page', async () => {
      const response = await fetch(`${stack.webUrl}/licences?status=pending`, { redirect: 'manual' });

      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent('/licences?status=pending')}`);
    });
  });
});
