import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, headless, without the background traffic a test does not want. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface TestUser {
  email: string;
  name?: string;
}

/**
 * Signs in through the development EU Login's real login page: the web's "Sign in" starts the
 * code flow, the issuer's form takes the e-mail address, the browser comes back signed in.
 * `returnTo` is the page to land on (default: the home page).
 */
export async function signIn(page: Page, webUrl: string, user: TestUser, returnTo = '/'): Promise<void> {
  await page.goto(`${webUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  // Still signed in at EU Login (single sign-on): it sends the browser straight back.
  if (page.url().startsWith(webUrl)) return;
  await page.locator('#login-form #email').fill(user.email);
  if (user.name) await page.locator('#login-form #name').fill(user.name);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(webUrl) && !url.pathname.startsWith('/auth/')),
    page.locator('#login-form button[type="submit"]').click(),
  ]);
}

/** Serious and critical WCAG 2.1 A/AA violations of the page as it is now (an empty list passes). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Whether the page scrolls sideways at the current viewport (content wider than the screen). */
export async function scrollsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** The elements that stick out on the right of the viewport (to say what makes a page scroll sideways). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${[...element.classList].join('.')} (${Math.round(element.getBoundingClientRect().right)} px)`);
  });
}

const unique = () => Math.random().toString(36).slice(2, 10);

/** A new operator: a unique e-mail address of a unique company domain. */
export function anOperator(): TestUser {
  const id = unique();
  return { email: `operator.${id}@company-${id}.example`, name: `Olga Operator ${id}` };
}

/** A Commission analyst (the gateway gives the role to ec.europa.eu addresses). */
export function aCommissionAnalyst(): TestUser {
  const id = unique();
  return { email: `analyst.${id}@ec.europa.eu`, name: `Anton Analyst ${id}` };
}
