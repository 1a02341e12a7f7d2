import { getAccessToken } from '@lmp/eulogin-dev';
import { JsonApiClient, waitUntil } from '@lmp/testing';
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
  type WebStack,
} from './support';

const A_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * Messages between a company and the Commission in real browsers (one per side), over the real
 * messaging service: a message with evidence on a licence page, the Commission's inbox (unread
 * first), its reply, the operator's notification settings and a broadcast previewed then sent.
 */
describe('messages between an operator and the Commission', () => {
  let stack: WebStack;
  let browser: Browser;
  let operatorContext: BrowserContext;
  let commissionContext: BrowserContext;
  let operator: Page;
  let commission: Page;
  let commissionApi: JsonApiClient;
  const firstLicence = aLicenceForm({ sector: 'energy' });
  const secondLicence = aLicenceForm({ sector: 'energy' });
  let firstLicenceUrl: string;
  let secondLicenceUrl: string;

  const accessible = async (page: Page) => expect(await accessibilityViolations(page)).toEqual([]);
  const submit = (page: Page, name: string | RegExp) =>
    Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).click()]);
  const inboxRows = (page: Page) => page.locator('main table tbody tr');

  beforeAll(async () => {
    stack = await startWebStack({ messaging: true });
    browser = await launchBrowser();
    operatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    commissionContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    operator = await operatorContext.newPage();
    commission = await commissionContext.newPage();
    await signIn(operator, stack.webUrl, anOperator());
    await createCompany(operator, stack.webUrl);
    await registerLicence(operator, stack.webUrl, firstLicence);
    firstLicenceUrl = operator.url().split('?')[0]!;
    await registerLicence(operator, stack.webUrl, secondLicence);
    secondLicenceUrl = operator.url().split('?')[0]!;
    const analyst = aCommissionAnalyst();
    const token = await getAccessToken({ issuer: stack.issuer, email: analyst.email, name: analyst.name });
    commissionApi = new JsonApiClient(stack.gatewayUrl, () => ({ authorization: `Bearer ${token}` }));
    await signIn(commission, stack.webUrl, analyst, '/commission/inbox');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('should post a message with a PDF on a licence page and show it in the thread', async () => {
    await operator.goto(firstLicenceUrl);
    await operator
      .getByLabel('Your message')
      .fill('The customs office asks for the end-use statement: attached.');
    await operator
      .locator('input[name="files"]')
      .setInputFiles({ name: 'end-use.pdf', mimeType: 'application/pdf', buffer: A_PDF });
    await submit(operator, 'Send the message');

    expect(new URL(operator.url()).searchParams.get('sent')).toBe('1');
    const thread = operator.getByRole('list', { name: 'Messages' });
    await expect(thread.textContent()).resolves.toContain(
      'The customs office asks for the end-use statement',
    );
    const attachment = thread.getByRole('link', { name: 'end-use.pdf' });
    const download = await operator.request.get(
      new URL((await attachment.getAttribute('href'))!, stack.webUrl).href,
    );
    expect(download.status()).toBe(200);
    expect(
      Buffer.from(await download.body())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await accessible(operator);
  });

  it('should show the Commission its inbox unread first, and its reply to the operator', async () => {
    await operator.goto(secondLicenceUrl);
    await operator.getByLabel('Your message').fill('Is the second licence on the next batch?');
    await submit(operator, 'Send the message');

    await commission.goto(`${stack.webUrl}/commission/inbox`);
    expect(await inboxRows(commission).count()).toBe(2);
    // Both unread: the newest first.
    await expect(inboxRows(commission).first().textContent()).resolves.toContain(secondLicence.licenceNumber);
    await accessible(commission);

    await Promise.all([
      commission.waitForEvent('load'),
      inboxRows(commission).first().getByRole('link').click(),
    ]);
    await expect(commission.locator('main').textContent()).resolves.toContain(
      'Is the second licence on the next batch?',
    );
    await accessible(commission);
    await commission.getByLabel('Your reply').fill('Yes: it is in the batch of Monday.');
    await submit(commission, 'Send the reply');
    await expect(commission.locator('main').textContent()).resolves.toContain(
      'Yes: it is in the batch of Monday.',
    );

    // The second thread is read now and has the newest message; the unread one still comes first.
    await commission.goto(`${stack.webUrl}/commission/inbox`);
    await expect(inboxRows(commission).first().textContent()).resolves.toContain(firstLicence.licenceNumber);
    await expect(inboxRows(commission).nth(1).textContent()).resolves.toContain(secondLicence.licenceNumber);

    await operator.goto(secondLicenceUrl);
    const thread = operator.getByRole('list', { name: 'Messages' });
    await expect(thread.textContent()).resolves.toContain('Yes: it is in the batch of Monday.');
    await expect(thread.locator('.lmp-thread__message--commission').textContent()).resolves.toContain(
      'Commission',
    );
  });

  it('should preview a broadcast (how many companies and licences), then send it', async () => {
    // Messaging learns of licences from the licences service's events: wait until it knows both.
    await waitUntil(
      async () => {
        const preview = await commissionApi.post('/messages/broadcasts', {
          filter: { sector: 'energy' },
          subject: 'x',
          body: 'x',
          dryRun: true,
        });
        return preview.body?.licences >= 2;
      },
      'messaging to know the licences',
      30_000,
    );
    await commission.goto(`${stack.webUrl}/commission/broadcasts`);
    await accessible(commission);
    await commission.getByLabel('Sector').selectOption('energy');
    await commission.getByLabel('Subject').fill('New guidance on end-use statements');
    await commission
      .locator('textarea[name="body"]')
      .fill('From 1 January MOFCOM asks for the new end-use form.');
    await submit(commission, /Preview/);

    const main = commission.locator('main');
    await expect(main.textContent()).resolves.toContain('This message would reach 1 company');
    await expect(main.textContent()).resolves.toContain('They hold 2 licences matching the filter');
    await expect(commission.getByLabel('Subject').inputValue()).resolves.toBe(
      'New guidance on end-use statements',
    );
    await accessible(commission);

    await submit(commission, /^Send/);
    await expect(main.textContent()).resolves.toContain('1 company holding 2 matching licences received it.');
    await accessible(commission);

    // A filter that reaches nobody is refused, and said so above the form, which keeps what was typed.
    await commission.getByLabel('Sector').selectOption('defence');
    await commission.getByLabel('Subject').fill('For nobody');
    await commission.locator('textarea[name="body"]').fill('This reaches no company.');
    await submit(commission, /^Send/);
    await expect(main.textContent()).resolves.toContain(
      'No message was sent: the filter matches no company holding a licence.',
    );
    await expect(commission.getByLabel('Subject').inputValue()).resolves.toBe('For nobody');
    await accessible(commission);
  });

  it('should answer 200 for every page the e-mails link to, for the reader the e-mail went to', async () => {
    const smtp = stack.smtp!;
    // The mails so far: the operator's two messages (to the Commission's mailbox), the reply and the broadcast (to the operator).
    await smtp.waitForMessages(4, 30_000);
    const linkPattern = new RegExp(`${stack.webUrl.replace(/[.:/]/g, (c) => `\\${c}`)}[^\\s"'<>)\\]]*`, 'g');
    const links: { link: string; reader: 'operator' | 'commission' }[] = [];
    for (const mail of smtp.messages) {
      const reader = mail.envelope.rcptTo.includes('trade-inbox@ec.europa.eu') ? 'commission' : 'operator';
      for (const link of new Set(`${mail.text ?? ''} ${mail.html || ''}`.match(linkPattern) ?? []))
        links.push({ link: link.replace(/&amp;/g, '&'), reader });
    }
    const paths = links.map(({ link, reader }) => `${reader} ${new URL(link).pathname}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^commission \/licences\/[0-9a-f-]{36}$/),
        expect.stringMatching(/^operator \/licences\/[0-9a-f-]{36}$/),
        expect.stringMatching(/^operator \/messages\/threads\/[0-9a-f-]{36}$/),
      ]),
    );
    for (const { link, reader } of links) {
      const page = reader === 'commission' ? commission : operator;
      await page.goto('about:blank'); // a link differing only by its #fragment would not load again
      const response = await page.goto(link);
      expect({ link, reader, status: response!.status(), at: new URL(page.url()).pathname }).toEqual({
        link,
        reader,
        status: 200,
        at: expect.not.stringMatching(/^\/auth\//),
      });
    }
    // The links of the mails this test did not cause (confirmation requests, transmission digests, the general thread).
    for (const pathname of [
      '/confirmations',
      '/licences',
      '/messages',
      '/messages/company',
      '/notifications',
    ]) {
      const response = await operator.goto(`${stack.webUrl}${pathname}`);
      expect({ pathname, status: response!.status() }).toEqual({ pathname, status: 200 });
      await accessible(operator);
    }
    // The Commission following a licence's link lands on its inbox's thread about that licence.
    const licenceLink = links.find((l) => l.reader === 'commission')!.link;
    await commission.goto('about:blank');
    await commission.goto(licenceLink);
    expect(new URL(commission.url()).pathname).toMatch(/^\/commission\/inbox\/[0-9a-f-]{36}$/);
    // The Commission following a thread link lands on its inbox's page of that thread.
    const { body: inbox } = await commissionApi.get('/messages');
    const threadId = inbox.items[0].id as string;
    const response = await commission.goto(`${stack.webUrl}/messages/threads/${threadId}`);
    expect({ status: response!.status(), at: new URL(commission.url()).pathname }).toEqual({
      status: 200,
      at: `/commission/inbox/${threadId}`,
    });
    await commission.goto(`${stack.webUrl}/messages`);
    expect(new URL(commission.url()).pathname).toBe('/commission/inbox');
  });

  it('should show the broadcast in the operator’s general thread, and post a message there', async () => {
    await operator.goto(`${stack.webUrl}/messages`);
    await accessible(operator);
    await Promise.all([
      operator.waitForEvent('load'),
      operator.locator('main table tbody tr', { hasText: 'General' }).getByRole('link').click(),
    ]);
    expect(new URL(operator.url()).pathname).toMatch(/^\/messages\/threads\//);
    await expect(operator.locator('main').textContent()).resolves.toContain(
      'From 1 January MOFCOM asks for the new end-use form.',
    );
    await operator.getByLabel('Your message').fill('Where do we find the new form?');
    await submit(operator, 'Send the message');
    await expect(operator.locator('main').textContent()).resolves.toContain('Where do we find the new form?');
    await accessible(operator);

    await operator.goto(`${stack.webUrl}/messages/company`);
    await expect(operator.locator('main').textContent()).resolves.toContain('Where do we find the new form?');
  });

  it('should save the notification settings and show them saved', async () => {
    await operator.goto(`${stack.webUrl}/notifications`);
    await accessible(operator);
    await operator.locator('input[name="newMessage"][value="daily"]').check({ force: true });
    await operator.locator('input[name="staleReminder"]').uncheck({ force: true });
    await submit(operator, 'Save the settings');

    await operator.goto(`${stack.webUrl}/notifications`);
    await expect(operator.locator('input[name="newMessage"][value="daily"]').isChecked()).resolves.toBe(true);
    await expect(operator.locator('input[name="staleReminder"]').isChecked()).resolves.toBe(false);
    await expect(operator.locator('input[name="transmissionDigest"]').isChecked()).resolves.toBe(true);
  });
});
