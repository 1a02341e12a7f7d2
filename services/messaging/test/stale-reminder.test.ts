import { randomUUID } from 'node:crypto';
import {
  licenceStatusChanged,
  licenceTransmitted,
  sleep,
  startServiceProcess,
  type ServiceProcess,
} from '@lmp/testing';
import { rawHeader, to } from './support/mail';
import { startHarness, type Harness } from './support/messaging-harness';

const daysBefore = (iso: string, days: number) =>
  new Date(new Date(iso).getTime() - days * 86_400_000).toISOString();

describe('the weekly stale-licence reminder', () => {
  describe('in one service', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(() => h?.stop());

    it('reminds each user of companies with licences transmitted and unchanged for 14 days, once a week', async () => {
      const monday = '2026-03-30T06:00:00.000Z';
      h.clock.set(monday);
      const company = await h.aCompany(2);
      const quiet = await h.aCompany(1);
      await company.users[1]!.api.put('/me/notifications', {
        newMessage: 'immediate',
        transmissionDigest: true,
        staleReminder: false,
      });
      const stale = await h.aLicence(company, { submittedAt: daysBefore(monday, 40) });
      const changedRecently = await h.aLicence(company, { submittedAt: daysBefore(monday, 40) });
      const neverTransmitted = await h.aLicence(company, { submittedAt: daysBefore(monday, 40) });
      const decided = await h.aLicence(quiet, { submittedAt: daysBefore(monday, 40) });
      const batchId = randomUUID();
      await h.publishAndApply([
        ...[stale, changedRecently, decided].map((l) =>
          licenceTransmitted(l, batchId, daysBefore(monday, 20)),
        ),
        licenceStatusChanged(changedRecently, { version: 2, to: 'processing', at: daysBefore(monday, 3) }),
        licenceStatusChanged(decided, { version: 2, to: 'granted', at: daysBefore(monday, 30) }),
      ]);

      const sent = await h.service.staleReminder().runOnce();
      expect(sent).toBeGreaterThanOrEqual(1);
      const [mail] = await h.mailsWhere(to(company.users[0]!.email));
      expect(mail!.text).toContain(stale.licenceNumber);
      expect(mail!.text).not.toContain(changedRecently.licenceNumber);
      expect(mail!.text).not.toContain(neverTransmitted.licenceNumber);
      expect(mail!.html).toContain(stale.licenceNumber);
      expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

      expect(await h.service.staleReminder().runOnce()).toBeNull(); // the week has run
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(company.users[0]!.email))).toHaveLength(1);
      expect(h.smtp.messages.filter(to(company.users[1]!.email))).toEqual([]);
      expect(h.smtp.messages.filter(to(quiet.users[0]!.email))).toEqual([]);

      h.clock.set('2026-04-06T06:00:00.000Z'); // the next week: reminded again
      await h.service.staleReminder().runOnce();
      await h.mailsWhere(to(company.users[0]!.email), 2);
    });
  });

  describe('with two replicas (two service processes)', () => {
    let h: Harness;
    const replicas: ServiceProcess[] = [];
    beforeAll(async () => {
      h = await startHarness();
    }, 60_000);
    afterAll(async () => {
      for (const replica of replicas) await replica.stop();
      await h?.stop();
    });

    it('sends the week’s reminder once, though both wake every second', async () => {
      const now = new Date().toISOString();
      const company = await h.aCompany(2);
      const licence = await h.aLicence(company, { submittedAt: daysBefore(now, 40) });
      await h.publishAndApply([licenceTransmitted(licence, randomUUID(), daysBefore(now, 20))]);

      const env = {
        ...h.env,
        STALE_REMINDER_CRON: '* * * * * *',
        // Due from Monday 00:00: the replicas use the real clock, and this must hold on any day.
        STALE_REMINDER_HOUR: '0',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      };
      delete (env as Record<string, string | undefined>).PORT;
      for (let i = 0; i < 2; i++)
        replicas.push(await startServiceProcess({ workspace: 'services/messaging', env }));

      for (const user of company.users) await h.mailsWhere(to(user.email));
      await sleep(3000); // several more wake-ups of both replicas
      await h.mailSettled();
      for (const user of company.users) {
        const mails = h.smtp.messages.filter(to(user.email));
        expect(mails).toHaveLength(1);
        expect(mails[0]!.text).toContain(licence.licenceNumber);
      }
      expect(await h.sql(`SELECT period_key FROM job_runs WHERE job = 'stale-reminder'`)).toHaveLength(1);
    }, 60_000);
  });
});
