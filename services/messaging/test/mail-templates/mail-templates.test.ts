import {
  confirmationRequestMail,
  dailyMessageDigestMail,
  invitationMail,
  newMessageMail,
  PLATFORM_VOICE,
  staleReminderMail,
  transmissionDigestMail,
  type RenderedMail,
} from '../../src/domain/mail-templates';

const EVIL = '<script>alert("x")</script> & Co\r\nBcc: spy@evil.example';
const UNSUBSCRIBE = 'https://lmp.example/api/v1/notifications/unsubscribe?token=abc.def';

const newMessage = (overrides: Partial<Parameters<typeof newMessageMail>[0]> = {}) =>
  newMessageMail({
    recipientName: 'Ana Operator',
    companyName: 'Acme Magnets GmbH',
    threadSubject: 'Licence RE-2026-0042',
    licenceNumber: 'RE-2026-0042',
    excerpt: 'Dear Acme,\nplease send the MOFCOM decision.\n\nKind regards',
    fromSide: 'commission',
    threadUrl: 'https://lmp.example/messages/threads/t-1',
    unsubscribeUrl: UNSUBSCRIBE,
    ...overrides,
  });

const confirmation = (overrides: Partial<Parameters<typeof confirmationRequestMail>[0]> = {}) =>
  confirmationRequestMail({
    recipientName: 'Ana Operator',
    companyName: 'Acme Magnets GmbH',
    licenceNumber: 'RE-2026-0042',
    reportedStatus: 'granted',
    reportedDate: '2026-11-28',
    confirmUrl: 'https://lmp.example/licences/l-1/confirm',
    unsubscribeUrl: UNSUBSCRIBE,
    ...overrides,
  });

const digest = (overrides: Partial<Parameters<typeof transmissionDigestMail>[0]> = {}) =>
  transmissionDigestMail({
    recipientName: 'Ana Operator',
    companyName: 'Acme Magnets GmbH',
    batchRunNumber: 12,
    dispatchedAt: new Date('2026-12-01T09:30:00Z'),
    licences: [
      { licenceNumber: 'RE-2026-0042', applicationDate: '2026-10-03', timesTransmitted: 1 },
      { licenceNumber: 'RE-2026-0007', applicationDate: '2026-09-14', timesTransmitted: 3 },
    ],
    licencesUrl: 'https://lmp.example/licences',
    unsubscribeUrl: UNSUBSCRIBE,
    ...overrides,
  });

const stale = (overrides: Partial<Parameters<typeof staleReminderMail>[0]> = {}) =>
  staleReminderMail({
    recipientName: 'Ana Operator',
    companyName: 'Acme Magnets GmbH',
    licences: [
      {
        licenceNumber: 'RE-2026-0042',
        status: 'pending',
        lastChangeAt: new Date('2026-11-02T10:00:00Z'),
        lastTransmittedAt: new Date('2026-11-10T08:00:00Z'),
      },
    ],
    licencesUrl: 'https://lmp.example/licences?status=pending',
    unsubscribeUrl: UNSUBSCRIBE,
    ...overrides,
  });

const invitation = (overrides: Partial<Parameters<typeof invitationMail>[0]> = {}) =>
  invitationMail({
    inviteeEmail: 'ben@acme.example',
    companyName: 'Acme Magnets GmbH',
    invitedByName: 'Ana Operator',
    expiresAt: new Date('2026-12-08T13:30:00Z'),
    signInUrl: 'https://lmp.example/invitations/i-1',
    ...overrides,
  });

const dailyDigest = (overrides: Partial<Parameters<typeof dailyMessageDigestMail>[0]> = {}) =>
  dailyMessageDigestMail({
    recipientName: 'Ana Operator',
    companyName: 'Acme Magnets GmbH',
    day: '2026-11-30',
    threads: [
      {
        threadSubject: 'Licence RE-2026-0042',
        companyName: 'Acme Magnets GmbH',
        licenceNumber: 'RE-2026-0042',
        newMessages: 2,
        lastMessageAt: new Date('2026-11-30T15:00:00Z'),
        excerpt: 'We have received the decision.',
        threadUrl: 'https://lmp.example/messages/threads/t-1',
      },
      {
        threadSubject: 'General questions',
        companyName: 'Acme Magnets GmbH',
        licenceNumber: null,
        newMessages: 1,
        lastMessageAt: new Date('2026-11-30T09:00:00Z'),
        excerpt: 'A question about customs.',
        threadUrl: 'https://lmp.example/messages/threads/t-2',
      },
    ],
    inboxUrl: 'https://lmp.example/messages',
    unsubscribeUrl: UNSUBSCRIBE,
    ...overrides,
  });

/** Every kind, rendered with `value` in every text field a person or company controls. */
const withHostileText = (value: string): [string, RenderedMail][] => [
  [
    'new message (to a company)',
    newMessage({ companyName: value, threadSubject: value, excerpt: value, recipientName: value }),
  ],
  [
    'new message (to the Commission)',
    newMessage({ fromSide: 'company', companyName: value, threadSubject: value, licenceNumber: value }),
  ],
  ['confirmation request', confirmation({ companyName: value, licenceNumber: value, recipientName: value })],
  [
    'transmission digest',
    digest({
      companyName: value,
      licences: [{ licenceNumber: value, applicationDate: '2026-10-03', timesTransmitted: 1 }],
    }),
  ],
  [
    'stale reminder',
    stale({
      companyName: value,
      licences: [
        {
          licenceNumber: value,
          status: 'pending',
          lastChangeAt: '2026-11-02',
          lastTransmittedAt: '2026-11-10',
        },
      ],
    }),
  ],
  ['invitation', invitation({ companyName: value, invitedByName: value })],
  [
    'daily message digest',
    dailyDigest({
      companyName: value,
      recipientSide: 'commission',
      threads: [
        {
          threadSubject: value,
          companyName: value,
          licenceNumber: value,
          newMessages: 1,
          lastMessageAt: '2026-11-30T10:00:00Z',
          excerpt: value,
          threadUrl: 'https://lmp.example/t',
        },
      ],
    }),
  ],
];

describe('mail templates', () => {
  describe.each(withHostileText(EVIL))('%s', (_, mail) => {
    it('escapes a company name or text that holds markup in the HTML part', () => {
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    });

    it('keeps that text as it is in the plain-text part', () => {
      expect(mail.text).toContain('<script>alert("x")</script> & Co');
    });

    it('has a one-line subject, whatever the data holds', () => {
      // eslint-disable-next-line no-control-regex -- no control character may reach a subject
      expect(mail.subject).not.toMatch(/[\r\n\u0000-\u001f\u007f]/);
      expect(mail.subject.length).toBeLessThanOrEqual(200);
    });

    it("speaks in the Commission's voice and says why the person receives it", () => {
      expect(mail.text).toContain(PLATFORM_VOICE);
      expect(mail.html).toContain('European Commission, DG TRADE');
      expect(mail.text).toMatch(/You receive this e-mail because/);
      expect(mail.html).toMatch(/You receive this e-mail because/);
    });
  });

  describe.each([
    ['new message', newMessage()],
    ['confirmation request', confirmation()],
    ['transmission digest', digest()],
    ['stale reminder', stale()],
    ['daily message digest', dailyDigest()],
  ])('%s', (_, mail) => {
    it('ends with the one-click unsubscribe line, after the reason', () => {
      const lines = mail.text.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(
        /^Unsubscribe .*: https:\/\/lmp\.example\/api\/v1\/notifications\/unsubscribe\?token=abc\.def$/,
      );
      expect(lines.at(-2)).toMatch(/^You receive this e-mail because/);
      expect(mail.html).toContain(`href="${UNSUBSCRIBE}"`);
    });

    it('greets the recipient by name', () => {
      expect(mail.text.startsWith('Dear Ana Operator,\n')).toBe(true);
    });
  });

  describe('newMessageMail', () => {
    it('tells a company the Commission wrote about its licence, with the excerpt and the link', () => {
      const mail = newMessage();

      expect(mail.subject).toBe('New message from the European Commission: Licence RE-2026-0042');
      expect(mail.text).toContain(
        'The European Commission has written to Acme Magnets GmbH about licence RE-2026-0042',
      );
      expect(mail.text).toContain('> Dear Acme,\n> please send the MOFCOM decision.\n>\n> Kind regards');
      expect(mail.html).toContain('Dear Acme,<br />please send the MOFCOM decision.');
      expect(mail.text).toContain('https://lmp.example/messages/threads/t-1');
      expect(mail.html).toContain('href="https://lmp.example/messages/threads/t-1"');
    });

    it('tells the Commission mailbox which company wrote, in a general thread', () => {
      const mail = newMessage({
        fromSide: 'company',
        licenceNumber: null,
        threadSubject: 'General',
        recipientName: null,
      });

      expect(mail.subject).toBe('New message from Acme Magnets GmbH: General');
      expect(mail.text.startsWith('Hello,\n')).toBe(true);
      expect(mail.text).toContain('Acme Magnets GmbH has written to the Commission in its general thread');
      expect(mail.text).toContain('Commission mailbox');
    });

    it('cuts a long message to an excerpt', () => {
      const mail = newMessage({ excerpt: 'word '.repeat(2_000) });

      expect(mail.text.length).toBeLessThan(3_000);
      expect(mail.text).toContain('…');
    });

    it('refuses a link that is not an http(s) URL', () => {
      expect(() => newMessage({ threadUrl: 'javascript:alert(1)' })).toThrow(/http/);
      expect(() => newMessage({ unsubscribeUrl: '/relative' })).toThrow(/absolute URL/);
    });
  });

  describe('confirmationRequestMail', () => {
    it('names the licence, the status and the date MOFCOM reported, and links to the confirmation', () => {
      const mail = confirmation();

      expect(mail.subject).toBe('Please confirm the status of licence RE-2026-0042');
      expect(mail.text).toMatch(/Licence: +RE-2026-0042/);
      expect(mail.text).toMatch(/Status reported: +Granted/);
      expect(mail.text).toMatch(/Date reported: +28 November 2026/);
      expect(mail.html).toContain('href="https://lmp.example/licences/l-1/confirm"');
      expect(mail.text).toContain('always sent');
    });

    it('says when MOFCOM gave no date', () => {
      expect(confirmation({ reportedDate: null }).text).toMatch(/Date reported: +not given by MOFCOM/);
    });
  });

  describe('transmissionDigestMail', () => {
    it('lists the licences of the batch with their application dates and how often each was sent', () => {
      const mail = digest();

      expect(mail.subject).toBe(
        '2 licences of Acme Magnets GmbH transmitted to MOFCOM on 1 December 2026 (batch 12)',
      );
      expect(mail.text).toContain(
        'On 1 December 2026, 10:30 (Brussels time) the European Commission transmitted batch 12',
      );
      expect(mail.text).toMatch(/RE-2026-0007 +14 September 2026 +3/);
      expect(mail.text).toMatch(/RE-2026-0042 +3 October 2026 +1/);
      expect(mail.text.indexOf('RE-2026-0007')).toBeLessThan(mail.text.indexOf('RE-2026-0042'));
      expect(mail.html).toContain('<th align="left">Licence number</th>');
      expect(mail.html).toContain('<td>RE-2026-0007</td><td>14 September 2026</td><td align="right">3</td>');
    });

    it('says "1 licence" for one', () => {
      const mail = digest({
        licences: [{ licenceNumber: 'A-1', applicationDate: '2026-01-01', timesTransmitted: 1 }],
      });

      expect(mail.subject.startsWith('1 licence of Acme Magnets GmbH transmitted')).toBe(true);
    });

    it('stays readable with 1,000 licences: every one listed, one a line, the HTML small enough not to be clipped', () => {
      const licences = Array.from({ length: 1_000 }, (_, i) => ({
        licenceNumber: `RE-2026-${String(i).padStart(5, '0')}`,
        applicationDate: '2026-10-03',
        timesTransmitted: 1 + (i % 4),
      }));

      const mail = digest({ licences });

      expect(mail.text.match(/^RE-2026-\d{5} +3 October 2026 +\d$/gm)).toHaveLength(1_000);
      expect(mail.html.match(/<td>RE-2026-\d{5}<\/td>/g)).toHaveLength(1_000);
      expect(Buffer.byteLength(mail.html)).toBeLessThan(100_000);
    });

    it('shows "—" for an application date that is not known, never a date made up', () => {
      const mail = digest({
        licences: [{ licenceNumber: 'RE-2026-0099', applicationDate: null, timesTransmitted: 1 }],
      });

      expect(mail.text).toMatch(/^RE-2026-0099 +— +1$/m);
      expect(mail.html).toContain('<td>RE-2026-0099</td><td>—</td><td align="right">1</td>');
    });

    it('counts every licence of the batch when only the first ones are handed over', () => {
      const licences = Array.from({ length: 1_000 }, (_, i) => ({
        licenceNumber: `RE-${String(i).padStart(5, '0')}`,
        applicationDate: '2026-10-03',
        timesTransmitted: 1,
      }));

      const mail = digest({ licences, licenceCount: 1_500 });

      expect(mail.subject.startsWith('1,500 licences of Acme Magnets GmbH transmitted')).toBe(true);
      expect(mail.text.match(/^RE-\d{5} /gm)).toHaveLength(1_000);
      expect(mail.text).toContain(
        'The first 1,000 licences are listed here; all 1,500 licences are on the platform.',
      );
    });

    it('lists the first 1,000 of a larger batch and sends the reader to the platform for the rest', () => {
      const licences = Array.from({ length: 1_200 }, (_, i) => ({
        licenceNumber: `RE-${String(i).padStart(5, '0')}`,
        applicationDate: '2026-10-03',
        timesTransmitted: 1,
      }));

      const mail = digest({ licences });

      expect(mail.text.match(/^RE-\d{5} /gm)).toHaveLength(1_000);
      expect(mail.text).toContain(
        'The first 1,000 licences are listed here; all 1,200 licences are on the platform.',
      );
    });
  });

  describe('staleReminderMail', () => {
    it('lists the pending licences with their last change and last transmission', () => {
      const mail = stale();

      expect(mail.subject).toBe('Reminder: 1 pending licence of Acme Magnets GmbH not updated for 14 days');
      expect(mail.text).toMatch(/RE-2026-0042 +Pending +2 November 2026 +10 November 2026/);
      expect(mail.html).toContain('href="https://lmp.example/licences?status=pending"');
    });
  });

  describe('invitationMail', () => {
    it('names who invited whom to which company, and until when, with no unsubscribe line', () => {
      const mail = invitation();

      expect(mail.subject).toBe(
        'Ana Operator invited you to join Acme Magnets GmbH on the EU licence monitoring platform',
      );
      expect(mail.text).toContain(
        'sign in with EU Login using this e-mail address (ben@acme.example) before 8 December 2026, 14:30 (Brussels time)',
      );
      expect(mail.html).toContain('href="https://lmp.example/invitations/i-1"');
      expect(mail.text).not.toMatch(/unsubscribe/i);
      expect(mail.text.trimEnd().split('\n').at(-1)).toMatch(
        /^You receive this e-mail because Ana Operator invited ben@acme.example/,
      );
    });
  });

  describe('dailyMessageDigestMail', () => {
    it('counts the new messages of the day and lists each thread, newest first', () => {
      const mail = dailyDigest();

      expect(mail.subject).toBe('3 new messages on the EU licence monitoring platform, 30 November 2026');
      expect(mail.text).toContain(
        '3 new messages arrived on 30 November 2026 in 2 threads of Acme Magnets GmbH',
      );
      expect(mail.text.indexOf('Licence RE-2026-0042 (licence RE-2026-0042)')).toBeLessThan(
        mail.text.indexOf('General questions (general thread)'),
      );
      expect(mail.html).toContain('href="https://lmp.example/messages/threads/t-2"');
      expect(mail.text).toContain('daily digest');
    });
  });

  describe('dates', () => {
    it('are written for people, on the Brussels calendar', () => {
      // 23:30 UTC on 30 November is already 1 December in Brussels.
      const mail = digest({ dispatchedAt: '2026-11-30T23:30:00Z' });

      expect(mail.subject).toContain('on 1 December 2026');
      expect(mail.text).toContain('On 1 December 2026, 00:30 (Brussels time)');
    });
  });
});
