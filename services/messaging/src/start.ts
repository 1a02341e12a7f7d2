import { assertNotDevelopmentKey, createIdentityVerifier, identityAudience, identityJwk } from '@lmp/auth';
import type { MailSender } from '@lmp/mailer';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, type MessagingConfig } from './config';
import { SCHEMA } from './data-access/database';
import { systemClock, type Clock } from './domain/clock';
import { messagingProblemTypes } from './domain/messaging-errors';
import { sendDailyDigests } from './domain/notifications/send-daily-digests.use-case';
import { sendStaleReminders } from './domain/notifications/send-stale-reminders.use-case';
import { apiRoutes } from './entry-points/api/api.routes';
import { startBroadcastResume, type BroadcastResumeJob } from './entry-points/jobs/broadcast-resume.job';
import { digestChecks, type DigestChecks } from './entry-points/jobs/digest-check.job';
import { scheduleMailJob, type ScheduledJob } from './entry-points/jobs/scheduled-mail.job';
import { consumeLicenceEvents } from './entry-points/message-queue/licence-events.consumer';
import { consumeMembershipEvents } from './entry-points/message-queue/membership-events.consumer';
import { mailQueueFor, notificationLinks, startMessagingMailSender } from './infrastructure/mail/mail-outbox';

export interface MessagingService extends RunningService {
  /** The weekly stale-licence reminder (tests run it at their clock's instant). */
  staleReminder(): ScheduledJob;
  dailyDigest(): ScheduledJob;
  /** The sweep that finishes broadcasts a dead request left incomplete (tests run it directly). */
  broadcastResume(): BroadcastResumeJob;
  /** The e-mail sender, when MAIL_SENDER_ENABLED. */
  mailSender(): MailSender;
}

export interface StartOptions {
  /** "Now" for messages, read markers and the scheduled e-mail. */
  clock?: Clock;
}

/** Threads, files, broadcasts and e-mail: the kit with this service's routes, consumers and jobs. */
export async function startMessagingService(
  config: MessagingConfig = readConfig(),
  { clock = systemClock }: StartOptions = {},
): Promise<MessagingService> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('public', config.IDENTITY_PUBLIC_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production, setting: 'IDENTITY_PUBLIC_KEY' });
  // Only tokens the gateway signed for this service: one taken from another service's traffic fails.
  const verifyIdentity = createIdentityVerifier(identityKey, { audience: identityAudience('messaging') });
  const links = notificationLinks(config);
  const mail = mailQueueFor(SCHEMA);
  let staleReminder: ScheduledJob | undefined;
  let dailyDigest: ScheduledJob | undefined;
  let broadcastResume: BroadcastResumeJob | undefined;
  let sender: MailSender | undefined;
  let checks: DigestChecks | undefined;
  const service = await startService({
    name: 'messaging',
    config,
    storage: { schema: SCHEMA },
    consumers: (ctx) => {
      checks = digestChecks({ deps: { db: ctx.db, clock, mail, links }, logger: ctx.logger });
      const deps = { db: ctx.db, clock, mail, links, digestChecks: checks };
      return Promise.all([
        consumeLicenceEvents(ctx.bus, ctx.logger, deps),
        consumeMembershipEvents(ctx.bus, ctx.logger, deps),
      ]);
    },
    http: (ctx) => ({
      routes: apiRoutes({
        db: ctx.db,
        clock,
        mail,
        links,
        chunkSize: config.BROADCAST_CHUNK_SIZE,
        maxConcurrentUploads: config.MAX_CONCURRENT_UPLOADS,
        verifyIdentity,
        verifyUnsubscribeToken: links.verify,
      }),
      problemTypes: messagingProblemTypes,
      // No SMTP readiness check, on purpose: mail waits in the outbox while the relay is down, and
      // taking every replica out of the Service for it would stop the threads too.
    }),
    jobs: (ctx) => {
      if (config.MAIL_SENDER_ENABLED) {
        sender = startMessagingMailSender(ctx.db, SCHEMA, config, ctx.logger);
        mail.attach(sender);
      }
      const deps = { db: ctx.db, clock, mail, links };
      staleReminder = scheduleMailJob({
        name: 'stale-reminder',
        cronExpression: config.STALE_REMINDER_CRON,
        run: () =>
          sendStaleReminders({
            ...deps,
            staleAfterDays: config.STALE_AFTER_DAYS,
            dueHour: config.STALE_REMINDER_HOUR,
          }),
        logger: ctx.logger,
      });
      dailyDigest = scheduleMailJob({
        name: 'daily-digest',
        cronExpression: config.DAILY_DIGEST_CRON,
        run: () => sendDailyDigests(deps),
        logger: ctx.logger,
      });
      broadcastResume = startBroadcastResume({
        deps: { ...deps, chunkSize: config.BROADCAST_CHUNK_SIZE },
        logger: ctx.logger,
      });
      checks?.startSweep();
      const [reminder, digest, mailSender, batchChecks, resume] = [
        staleReminder,
        dailyDigest,
        sender,
        checks,
        broadcastResume,
      ];
      return {
        async stop() {
          await reminder.stop();
          await digest.stop();
          await resume.stop();
          await batchChecks?.stop();
          await mailSender?.stop();
        },
      };
    },
  });
  return Object.assign(service, {
    staleReminder() {
      if (!staleReminder) throw new Error('the stale reminder has not started');
      return staleReminder;
    },
    dailyDigest() {
      if (!dailyDigest) throw new Error('the daily digest has not started');
      return dailyDigest;
    },
    broadcastResume() {
      if (!broadcastResume) throw new Error('the broadcast resume sweep has not started');
      return broadcastResume;
    },
    mailSender() {
      if (!sender) throw new Error('the mail sender is not running (MAIL_SENDER_ENABLED=false)');
      return sender;
    },
  });
}

if (require.main === module) runAsMain('messaging', () => startMessagingService());
