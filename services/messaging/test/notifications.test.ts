import { randomUUID } from 'node:crypto';
import { batchDispatched, feedbackReceived, licenceTransmitted } from '@lmp/testing';
import { rawHeader, to } from './support/mail';
import {
  aUser,
  invitationCreated,
  licenceTransferred,
  userJoined,
  userLeft,
} from './support/membership-events';
import { startHarness, type Harness } from './support/messaging-harness';

describe('e-mail notifications', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  describe('a new message', () => {
    it('from the Commission reaches each user of the company, in text and HTML, with a one-click unsubscribe', async () => {
      const company = await h.aCompany(2);
      const licence = await h.aLicence(company);
      await h
        .commission()
        .post(`/licences/${licence.id}/messages`, { body: 'Please send the <b>receipt</b>.' });

      for (const user of company.users) {
        const [mail] = await h.mailsWhere(to(user.email));
        expect(mail!.subject).toContain(`Licence ${licence.licenceNumber}`);
        expect(mail!.text).toContain('Please send the <b>receipt</b>.');
        expect(mail!.text).toContain(`https://licences.example.eu/licences/${licence.id}`);
        expect(mail!.html).toContain('Please send the &lt;b&gt;receipt&lt;/b&gt;.');
        expect(rawHeader(mail!, 'List-Unsubscribe')).toMatch(
          /^<https:\/\/licences\.example\.eu\/api\/v1\/notifications\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
        );
        expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
        expect(rawHeader(mail!, 'Message-ID')).toMatch(/^<.+@licences\.trade\.ec\.europa\.eu>$/);
      }
    });

    it('from a company goes to the Commission mailbox', async () => {
      const company = await h.aCompany();
      const body = `Question ${randomUUID()}`;
      await company.users[0]!.api.post('/me/company/messages', { body });
      const [mail] = await h.mailsWhere(
        (m) => to('trade-inbox@ec.europa.eu')(m) && (m.text?.includes(body) ?? false),
      );
      expect(mail!.subject).toContain(company.name);
      expect(mail!.html).toContain(body);
    });

    it('follows each user’s preference: immediate, daily digest, or off', async () => {
      const company = await h.aCompany(3);
      const [now, daily, off] = company.users;
      expect((await now!.api.get('/me/notifications')).body).toEqual({
        newMessage: 'immediate',
        transmissionDigest: true,
        staleReminder: true,
      });
      const put = await daily!.api.put('/me/notifications', {
        newMessage: 'daily',
        transmissionDigest: true,
        staleReminder: true,
      });
      expect(put.status).toBe(200);
      await off!.api.put('/me/notifications', {
        newMessage: 'off',
        transmissionDigest: false,
        staleReminder: false,
      });
      expect((await off!.api.get('/me/notifications')).body).toEqual({
        newMessage: 'off',
        transmissionDigest: false,
        staleReminder: false,
      });

      const commission = h.commission();
      await commission.post(
        `/messages/threads/${(await now!.api.post('/me/company/messages', { body: 'Hi' })).body.threadId}/messages`,
        {
          body: 'First answer',
        },
      );
      await commission.post(`/licences/${(await h.aLicence(company)).id}/messages`, {
        body: 'Second answer',
      });
      await h.mailsWhere((m) => to(now!.email)(m) && (m.text?.includes('Second answer') ?? false));
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(daily!.email))).toEqual([]);
      expect(h.smtp.messages.filter(to(off!.email))).toEqual([]);

      h.clock.set('2026-03-03T07:00:00.000Z');
      expect(await h.service.dailyDigest().runOnce()).toBeGreaterThanOrEqual(1);
      expect(await h.service.dailyDigest().runOnce()).toBeNull(); // the day has run: nothing twice
      const [digest] = await h.mailsWhere(to(daily!.email));
      expect(digest!.text).toContain('2 new messages');
      expect(digest!.text).toContain('Second answer');
      expect(digest!.html).toContain('First answer');
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(daily!.email))).toHaveLength(1);
      expect(h.smtp.messages.filter(to(off!.email))).toEqual([]);
    });

    it('refuses invalid preferences with 422 naming the fields', async () => {
      const company = await h.aCompany();
      const response = await company.users[0]!.api.put('/me/notifications', {
        newMessage: 'hourly',
        staleReminder: 'yes',
      });
      expect(response.status).toBe(422);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'newMessage',
        'staleReminder',
        'transmissionDigest',
      ]);
    });
  });

  describe('POST /notifications/unsubscribe (RFC 8058 one-click, no sign-in)', () => {
    it('turns that kind of e-mail off for that user, idempotently', async () => {
      const company = await h.aCompany();
      const user = company.users[0]!;
      await h
        .commission()
        .post(`/licences/${(await h.aLicence(company)).id}/messages`, { body: 'Unsubscribe me' });
      const [mail] = await h.mailsWhere(to(user.email));
      const link = rawHeader(mail!, 'List-Unsubscribe')!.slice(1, -1);
      const local = link.replace('https://licences.example.eu', h.service.url);

      for (let i = 0; i < 2; i++) {
        const response = await fetch(local, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(response.status).toBe(200);
      }
      expect(await fetch(local, { method: 'POST' }).then((r) => r.status)).toBe(200); // no body at all
      expect((await user.api.get('/me/notifications')).body).toEqual({
        newMessage: 'off',
        transmissionDigest: true,
        staleReminder: true,
      });
    });

    it('shows a browser (GET) a button that POSTs, changing nothing until it is pressed', async () => {
      const company = await h.aCompany();
      const user = company.users[0]!;
      await h
        .commission()
        .post(`/licences/${(await h.aLicence(company)).id}/messages`, { body: 'Page test' });
      const [mail] = await h.mailsWhere(to(user.email));
      const link = rawHeader(mail!, 'List-Unsubscribe')!
        .slice(1, -1)
        .replace('https://licences.example.eu', h.service.url);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post"');
      expect((await user.api.get('/me/notifications')).body.newMessage).toBe('immediate');
      const pressed = await fetch(link, {
        method: 'POST',
        headers: { accept: 'text/html,*/*;q=0.8', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(pressed.headers.get('content-type')).toContain('text/html');
      expect(await pressed.text()).toContain('no longer receive new-message e-mails');
      expect((await user.api.get('/me/notifications')).body.newMessage).toBe('off');
    });

    it.each([
      ['garbage'],
      ['eyJ2IjoxLCJ1IjoieCIsImsiOiJuZXdNZXNzYWdlIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      [''],
    ])('answers 400 problem+json to a token that is not ours (%s)', async (token) => {
      const response = await fetch(`${h.service.url}/api/v1/notifications/unsubscribe?token=${token}`, {
        method: 'POST',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('a confirmation request (MofcomFeedbackReceived)', () => {
    it('asks every user of the licence’s company, whatever their settings, once per event', async () => {
      const company = await h.aCompany(2);
      const licence = await h.aLicence(company);
      await company.users[1]!.api.put('/me/notifications', {
        newMessage: 'off',
        transmissionDigest: false,
        staleReminder: false,
      });
      const event = feedbackReceived(
        { ...licence, licenceNumber: licence.licenceNumber.toLowerCase() },
        'granted',
        '2026-03-20',
      );
      await h.publishAndApply([event]);
      await h.publish([event]); // a redelivery
      for (const user of company.users) {
        const [mail] = await h.mailsWhere(to(user.email));
        expect(mail!.subject).toContain(licence.licenceNumber);
        expect(mail!.text).toContain('20 March 2026');
        expect(mail!.html).toContain('https://licences.example.eu/confirmations');
        expect(rawHeader(mail!, 'List-Unsubscribe')).toBeUndefined();
      }
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(company.users[0]!.email))).toHaveLength(1);
    });
  });

  describe('the transmission digest', () => {
    it('sends one digest per company user once the whole batch arrived, in any order, once', async () => {
      const a = await h.aCompany(2);
      const b = await h.aCompany(1);
      const [a1, a2] = [await h.aLicence(a), await h.aLicence(a)];
      const b1 = await h.aLicence(b);
      await a.users[1]!.api.put('/me/notifications', {
        newMessage: 'immediate',
        transmissionDigest: false,
        staleReminder: true,
      });
      const batchId = randomUUID();
      const at = '2026-03-16T08:00:00.000Z';
      const transmitted = [a1, a2, b1].map((l) => licenceTransmitted(l, batchId, at));
      const dispatched = batchDispatched(batchId, at, 3);

      await h.publishAndApply([transmitted[0]!, transmitted[2]!]);
      await h.publishAndApply([dispatched]); // two of three: not complete yet
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(a.users[0]!.email))).toEqual([]);
      await h.publishAndApply([transmitted[1]!]);
      await h.publish([transmitted[1]!, dispatched]); // redeliveries

      const [forA] = await h.mailsWhere(to(a.users[0]!.email));
      expect(forA!.text).toContain(a1.licenceNumber);
      expect(forA!.text).toContain(a2.licenceNumber);
      expect(forA!.text).not.toContain(b1.licenceNumber);
      expect(forA!.html).toContain(a2.licenceNumber);
      expect(rawHeader(forA!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const [forB] = await h.mailsWhere(to(b.users[0]!.email));
      expect(forB!.text).toContain(b1.licenceNumber);
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(a.users[0]!.email))).toHaveLength(1);
      expect(h.smtp.messages.filter(to(a.users[1]!.email))).toEqual([]);
    });

    it('sends a user in two companies of the batch a digest of each, listing that company’s licences', async () => {
      const first = await h.aCompany(1);
      const second = await h.aCompany(0);
      const user = first.users[0]!;
      await h.publishAndApply([userJoined(second.id, user, '2026-03-01T10:00:00.000Z')]);
      const [f1, f2] = [await h.aLicence(first), await h.aLicence(first)];
      const s1 = await h.aLicence(second);
      const batchId = randomUUID();
      const at = '2026-03-16T08:00:00.000Z';
      await h.publishAndApply([
        ...[f1, f2, s1].map((l) => licenceTransmitted(l, batchId, at)),
        batchDispatched(batchId, at, 3),
      ]);

      const digests = await h.mailsWhere(to(user.email), 2);
      const ofFirst = digests.find((m) => m.subject?.includes(`2 licences of ${first.name}`));
      const ofSecond = digests.find((m) => m.subject?.includes(`1 licence of ${second.name}`));
      expect(ofFirst!.text).toContain(f1.licenceNumber);
      expect(ofFirst!.text).toContain(f2.licenceNumber);
      expect(ofFirst!.text).not.toContain(s1.licenceNumber);
      expect(ofSecond!.text).toContain(s1.licenceNumber);
      expect(ofSecond!.text).not.toContain(f1.licenceNumber);
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(user.email))).toHaveLength(2);
    });
  });

  describe('a user leaving the company (UserLeftCompany)', () => {
    it('drops what waits for their daily digest from the company’s threads, and only theirs', async () => {
      const company = await h.aCompany(2);
      const [leaver, stays] = company.users;
      for (const user of [leaver!, stays!])
        await user.api.put('/me/notifications', {
          newMessage: 'daily',
          transmissionDigest: true,
          staleReminder: true,
        });
      await h
        .commission()
        .post(`/licences/${(await h.aLicence(company)).id}/messages`, { body: 'For the daily digest' });
      const pending = (user: { email: string }) =>
        h.sql('SELECT message_id FROM pending_digest_items WHERE email_key = lower($1)', [user.email]);
      expect(await pending(leaver!)).toHaveLength(1);

      await h.publishAndApply([userLeft(company.id, leaver!, '2026-03-02T12:00:00.000Z')]);

      expect(await pending(leaver!)).toEqual([]);
      expect(await pending(stays!)).toHaveLength(1);
    });
  });

  describe('an invitation (CompanyInvitationCreated)', () => {
    it('is not sent when the invitee has joined already (the join applied first)', async () => {
      const company = await h.aCompany();
      const invitee = aUser();
      const event = invitationCreated(company.id, company.name, invitee.email);
      // Accepted at sign-in (after the invitation was created) before messaging sent the mail.
      await h.publishAndApply([userJoined(company.id, invitee, '2026-03-01T10:00:00.000Z')]);
      await h.publishAndApply([event]);
      await h.mailSettled();
      expect(await h.sql('SELECT 1 FROM mail_outbox WHERE to_address = $1', [invitee.email])).toEqual([]);
      expect(h.smtp.messages.filter(to(invitee.email))).toEqual([]);
    });

    it('is sent once when the join comes after it', async () => {
      const company = await h.aCompany();
      const invitee = aUser();
      await h.publishAndApply([invitationCreated(company.id, company.name, invitee.email)]);
      await h.publishAndApply([userJoined(company.id, invitee, '2026-03-01T10:00:00.000Z')]);
      await h.mailsWhere(to(invitee.email));
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(invitee.email))).toHaveLength(1);
    });

    it('goes to the invitee, without an unsubscribe header', async () => {
      const email = `invitee-${randomUUID().slice(0, 8)}@supplier.example`;
      const event = invitationCreated(randomUUID(), 'Magnetwerk GmbH', email);
      await h.publishAndApply([event]);
      await h.publish([event]);
      const [mail] = await h.mailsWhere(to(email));
      expect(mail!.subject).toContain('Magnetwerk GmbH');
      expect(mail!.text).toContain(email);
      expect(mail!.html).toContain('Magnetwerk GmbH');
      expect(rawHeader(mail!, 'List-Unsubscribe')).toBeUndefined();
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(email))).toHaveLength(1);
    });
  });

  describe('a licence transfer (LicenceTransferred)', () => {
    it('tells each user of both companies, once, never naming the new holder to the old one', async () => {
      const from = await h.aCompany(2);
      const claimant = await h.aCompany(1);
      const licence = await h.aLicence(from);
      const transfer = licenceTransferred(licence, from.id, claimant.id, 2);
      await h.publishAndApply([transfer]);
      await h.publish([transfer]); // a redelivery

      for (const user of from.users) {
        const [mail] = await h.mailsWhere(to(user.email));
        expect(mail!.subject).toBe(
          `Licence ${licence.licenceNumber} has been transferred to another company`,
        );
        expect(mail!.text).toContain(from.name);
        expect(mail!.text).not.toContain(claimant.name);
        expect(mail!.html).not.toContain(claimant.name);
        expect(rawHeader(mail!, 'List-Unsubscribe')).toBeUndefined();
      }
      const [forNew] = await h.mailsWhere(to(claimant.users[0]!.email));
      expect(forNew!.subject).toBe(`Licence ${licence.licenceNumber} is now held by ${claimant.name}`);
      expect(forNew!.text).toContain(`https://licences.example.eu/licences/${licence.id}`);
      expect(forNew!.text).not.toContain(from.name);
      expect(forNew!.html).not.toContain(from.name);
      await h.mailSettled();
      for (const user of [...from.users, ...claimant.users])
        expect(h.smtp.messages.filter(to(user.email))).toHaveLength(1);
    });

    it('leaves a notice in each company’s general thread', async () => {
      const from = await h.aCompany();
      const claimant = await h.aCompany();
      const licence = await h.aLicence(from);
      await h.publishAndApply([licenceTransferred(licence, from.id, claimant.id, 2)]);

      const oldThread = (await from.users[0]!.api.get('/me/company/messages')).body;
      expect(oldThread.messages).toHaveLength(1);
      expect(oldThread.messages[0]).toMatchObject({
        author: { side: 'commission', name: 'the Commission' },
        subject: `Licence ${licence.licenceNumber} transferred`,
      });
      expect(oldThread.messages[0].body).toContain('transferred to another company');
      expect(oldThread.messages[0].body).not.toContain(claimant.name);
      expect((await from.users[0]!.api.get('/messages/threads')).body.items[0]).toMatchObject({
        id: oldThread.id,
        unread: 1,
      });
      const newThread = (await claimant.users[0]!.api.get('/me/company/messages')).body;
      expect(newThread.messages[0].body).toContain('transferred to your company');
    });
  });

  describe('SMTP down, then up', () => {
    it('keeps every mail in the outbox meanwhile and sends each one once when the server is back', async () => {
      const company = await h.aCompany(3);
      await h.smtp.stop();
      try {
        await h
          .commission()
          .post(`/licences/${(await h.aLicence(company)).id}/messages`, { body: 'While SMTP is down' });
        const queued = await h.sql(
          `SELECT to_address FROM mail_outbox WHERE sent_at IS NULL AND to_address = ANY($1::text[])`,
          [company.users.map((u) => u.email)],
        );
        expect(queued).toHaveLength(3);
        await new Promise((resolve) => setTimeout(resolve, 1000)); // a few failed attempts
      } finally {
        await h.smtp.start();
      }
      for (const user of company.users) await h.mailsWhere(to(user.email));
      await h.mailSettled();
      for (const user of company.users) expect(h.smtp.messages.filter(to(user.email))).toHaveLength(1);
    });
  });
});
