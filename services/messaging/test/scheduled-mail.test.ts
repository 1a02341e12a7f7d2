import { randomUUID } from 'node:crypto';
import { licenceTransmitted } from '@lmp/testing';
import { rawHeader, to } from './support/mail';
import { userLeft } from './support/membership-events';
import { startHarness, type Harness } from './support/messaging-harness';

const MAILBOX = 'trade-inbox@ec.europa.eu';
const daysBefore = (iso: string, days: number) =>
  new Date(new Date(iso).getTime() - days * 86_400_000).toISOString();

describe('scheduled and shared-mailbox e-mail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  const chooseDaily = (emailKey: string, newMessage: 'daily' | 'immediate') =>
    h.sql(
      `INSERT INTO notification_preferences (email_key, new_message) VALUES ($1, $2)
       ON CONFLICT (email_key) DO UPDATE SET new_message = EXCLUDED.new_message`,
      [emailKey, newMessage],
    );

  describe('the Commission mailbox (operational, shared)', () => {
    it('gets new-message mail without a one-click unsubscribe, which would silence it for all', async () => {
      const company = await h.aCompany();
      const body = `Mailbox ${randomUUID()}`;
      await company.users[0]!.api.post('/me/company/messages', { body });
      const [mail] = await h.mailsWhere((m) => to(MAILBOX)(m) && (m.text?.includes(body) ?? false));
      expect(rawHeader(mail!, 'List-Unsubscribe')).toBeUndefined();
      expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBeUndefined();
      expect(mail!.text).not.toMatch(/unsubscribe/i);
      expect(mail!.html).not.toMatch(/unsubscribe/i);
    });

    it('gets its daily digest without a one-click unsubscribe too', async () => {
      await chooseDaily(MAILBOX, 'daily');
      const company = await h.aCompany();
      const body = `Digest for the mailbox ${randomUUID()}`;
      await company.users[0]!.api.post('/me/company/messages', { body });
      h.clock.set('2026-03-10T07:00:00.000Z');
      expect(await h.service.dailyDigest().runOnce()).toBeGreaterThanOrEqual(1);
      const [digest] = await h.mailsWhere((m) => to(MAILBOX)(m) && (m.text?.includes(body) ?? false));
      expect(rawHeader(digest!, 'List-Unsubscribe')).toBeUndefined();
      expect(digest!.text).not.toMatch(/unsubscribe/i);
      await chooseDaily(MAILBOX, 'immediate');
    });
  });

  describe('the daily digest', () => {
    it('tells a user only of the threads of companies they still belong to', async () => {
      const company = await h.aCompany(2);
      const [stays, leaves] = company.users;
      for (const user of company.users)
        await user!.api.put('/me/notifications', {
          newMessage: 'daily',
          transmissionDigest: true,
          staleReminder: true,
        });
      const body = `Before leaving ${randomUUID()}`;
      await h.commission().post(`/licences/${(await h.aLicence(company)).id}/messages`, { body });
      await h.publishAndApply([userLeft(company.id, leaves!, '2026-03-02T10:00:00.000Z')]);

      h.clock.set('2026-03-11T07:00:00.000Z');
      expect(await h.service.dailyDigest().runOnce()).toBeGreaterThanOrEqual(1);
      const [digest] = await h.mailsWhere(to(stays!.email));
      expect(digest!.text).toContain(body);
      await h.mailSettled();
      expect(h.smtp.messages.filter(to(leaves!.email))).toEqual([]);
      expect(
        await h.sql('SELECT 1 FROM pending_digest_items WHERE email_key = $1', [leaves!.email.toLowerCase()]),
      ).toEqual([]);
    });

    it('is not sent before 07:00 in Brussels, and a failed run is caught up by the next wake-up', async () => {
      const company = await h.aCompany();
      const user = company.users[0]!;
      await user.api.put('/me/notifications', {
        newMessage: 'daily',
        transmissionDigest: true,
        staleReminder: true,
      });
      const body = `Caught up ${randomUUID()}`;
      await h.commission().post(`/licences/${(await h.aLicence(company)).id}/messages`, { body });

      h.clock.set('2026-03-12T05:50:00.000Z'); // 06:50 in Brussels
      expect(await h.service.dailyDigest().runOnce()).toBeNull();
      expect(
        await h.sql(`SELECT 1 FROM job_runs WHERE job = 'daily-digest' AND period_key = '2026-03-12'`),
      ).toEqual([]);

      await failJobRunsOnce();
      h.clock.set('2026-03-12T06:00:00.000Z'); // 07:00: due, but this run fails
      expect(await h.service.dailyDigest().runOnce()).toBeNull();
      h.clock.set('2026-03-12T06:10:00.000Z'); // the next wake-up
      expect(await h.service.dailyDigest().runOnce()).toBeGreaterThanOrEqual(1);
      const [digest] = await h.mailsWhere(to(user.email));
      expect(digest!.text).toContain(body);
      expect(await h.service.dailyDigest().runOnce()).toBeNull(); // once a day
    });
  });

  describe('the weekly stale reminder', () => {
    it('is not sent before Monday 08:00 in Brussels, and a failed run is caught up by the next wake-up', async () => {
      const monday = '2026-04-13T06:00:00.000Z'; // 08:00 in Brussels (summer time)
      const company = await h.aCompany();
      const licence = await h.aLicence(company, { submittedAt: daysBefore(monday, 40) });
      await h.publishAndApply([licenceTransmitted(licence, randomUUID(), daysBefore(monday, 20))]);

      h.clock.set('2026-04-13T05:50:00.000Z'); // Monday 07:50
      expect(await h.service.staleReminder().runOnce()).toBeNull();
      expect(
        await h.sql(`SELECT 1 FROM job_runs WHERE job = 'stale-reminder' AND period_key = '2026-W16'`),
      ).toEqual([]);

      await failJobRunsOnce();
      h.clock.set(monday); // due, but this run fails
      expect(await h.service.staleReminder().runOnce()).toBeNull();
      h.clock.set('2026-04-13T06:10:00.000Z'); // the next wake-up, ten minutes later
      expect(await h.service.staleReminder().runOnce()).toBeGreaterThanOrEqual(1);
      const [mail] = await h.mailsWhere(to(company.users[0]!.email));
      expect(mail!.text).toContain(licence.licenceNumber);
      h.clock.set('2026-04-15T12:00:00.000Z'); // later that week: nothing again
      expect(await h.service.staleReminder().runOnce()).toBeNull();
    });
  });

  /**
   * The next job run's claim fails in Postgres: a trigger refuses the first insert into job_runs
   * (counted with a sequence, which the failed transaction does not roll back).
   */
  async function failJobRunsOnce() {
    await h.sql('DROP SEQUENCE IF EXISTS job_run_failures');
    await h.sql('CREATE SEQUENCE job_run_failures');
    await h.sql(`
      CREATE OR REPLACE FUNCTION fail_job_run_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('job_run_failures') = 1 THEN
          RAISE EXCEPTION 'simulated failure of the job run';
        END IF;
        RETURN NEW;
      END $$`);
    await h.sql('DROP TRIGGER IF EXISTS fail_job_run_once ON job_runs');
    await h.sql(
      'CREATE TRIGGER fail_job_run_once BEFORE INSERT ON job_runs FOR EACH ROW EXECUTE FUNCTION fail_job_run_once()',
    );
  }
});
