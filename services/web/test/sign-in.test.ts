import type { Browser } from 'playwright-core';
import { anOperator, launchBrowser, signIn, startWebStack, type WebStack } from './support';

describe('sign-in with EU Login', () => {
  let stack: WebStack;
  let browser: Browser;

  beforeAll(async () => {
    // Tokens good for 35 s: the web renews them 30 s before they expire, so after 5 s they are stale.
    stack = await startWebStack({ accessTokenTtlSeconds: 35 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should send a visitor through the real login page and back to the page they asked for', async () => {
    const page = await browser.newPage();
    await signIn(page, stack.webUrl, anOperator(), '/company');
    expect(new URL(page.url()).pathname).toBe('/company');
    await expect(page.locator('h1').textContent()).resolves.toContain('Create your company');
    await page.close();
  });

  it('should sign the user in again when the token expires, back on the page they were on', async () => {
    const page = await browser.newPage();
    await signIn(page, stack.webUrl, anOperator());
    const before = (await page.context().cookies()).find((c) => c.name === 'lmp_session')!.value;
    await new Promise((resolve) => setTimeout(resolve, 6000)); // let the access token go stale

    await page.goto(`${stack.webUrl}/company?from=expired`);

    // Still signed in at EU Login: the new sign-in needs no typing and lands on the same page.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/company?from=expired');
    const after = (await page.context().cookies()).find((c) => c.name === 'lmp_session')!.value;
    expect(after).not.toBe(before);
    await page.close();
  });
});
