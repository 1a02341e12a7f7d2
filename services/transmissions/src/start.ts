import { assertNotDevelopmentKey, createIdentityVerifier, identityAudience, identityJwk } from '@lmp/auth';
import { runAsMain, startService, type RunningService } from '@lmp/service';
import { readConfig, type TransmissionsConfig } from './config';
import { SCHEMA } from './data-access/database';
import { systemClock, type Clock } from './domain/clock';
import { batchSchedule } from './domain/schedule/schedule';
import { transmissionProblemTypes } from './domain/transmission-errors';
import { apiRoutes } from './entry-points/api/api.routes';
import { startBatchDispatcher, type BatchDispatcher } from './entry-points/jobs/batch-dispatcher.job';
import { startBatchScheduler, type BatchScheduler } from './entry-points/jobs/batch-scheduler.job';
import { LICENCE_EVENTS_QUEUE } from './entry-points/message-queue/licence-events.consumer';
import { consumeConfirmationEvents } from './entry-points/message-queue/confirmation-events.consumer';
import { consumeLicenceEvents } from './entry-points/message-queue/licence-events.consumer';
import { createMofcomMailer } from './infrastructure/mail';

export interface TransmissionsService extends RunningService {
  /** The scheduled-batch job, started once HTTP is open (stopped first at shutdown). */
  scheduler(): BatchScheduler;
  /** The job that e-mails dispatching batches to MOFCOM and records them. */
  dispatcher(): BatchDispatcher;
}

export interface StartOptions {
  /** "Now" for the schedule and for batches; tests stand at any instant with it. */
  clock?: Clock;
}

/** The MOFCOM batch: the kit with this service's routes, consumer and scheduled job. */
export async function startTransmissionsService(
  config: TransmissionsConfig = readConfig(),
  { clock = systemClock }: StartOptions = {},
): Promise<TransmissionsService> {
  const production = config.NODE_ENV === 'production';
  const identityKey = identityJwk('public', config.IDENTITY_PUBLIC_KEY, { production });
  await assertNotDevelopmentKey(identityKey, { production, setting: 'IDENTITY_PUBLIC_KEY' });
  // Only tokens the gateway signed for this service: one taken from another service's traffic fails.
  const verifyIdentity = createIdentityVerifier(identityKey, { audience: identityAudience('transmissions') });
  const schedule = batchSchedule({
    anchorDate: config.BATCH_ANCHOR_DATE,
    time: config.BATCH_TIME,
    intervalDays: config.BATCH_INTERVAL_DAYS,
  });
  let scheduler: BatchScheduler | undefined;
  let dispatcher: BatchDispatcher | undefined;
  const service = await startService({
    name: 'transmissions',
    config,
    storage: { schema: SCHEMA },
    consumers: (ctx) => Promise.all([consumeLicenceEvents(ctx), consumeConfirmationEvents(ctx)]),
    http: (ctx) => ({
      routes: apiRoutes({
        db: ctx.db,
        logger: ctx.logger,
        verifyIdentity,
        schedule,
        clock,
        autoDispatch: config.BATCH_AUTO_DISPATCH,
        outbox: ctx.outbox,
        // Before the job has started, its first pass finds the batch anyway.
        wakeDispatcher: () => dispatcher?.wake(),
      }),
      problemTypes: transmissionProblemTypes,
      // No SMTP readiness check, on purpose: readiness takes a replica out of the Service, and
      // every replica shares the one relay, so an SMTP outage would take the whole API (reviews,
      // feedback, reads) down for a dispatch that is retried and then reported as failed anyway.
      // The dispatch's own record (attempts, lastError) says the relay is down.
    }),
    jobs: async (ctx) => {
      const mailer = createMofcomMailer({
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        to: config.MOFCOM_DISPATCH_TO,
        logger: ctx.logger,
      });
      // Said early, not only at the next dispatch; it never stops the start (see readiness above).
      mailer.verify().catch((error: Error) => ctx.logger.warn({ err: error }, 'SMTP relay not reachable'));
      const started = await startBatchDispatcher({
        db: ctx.db,
        outbox: ctx.outbox,
        mailer,
        clock,
        logger: ctx.logger,
        retry: {
          maxAttempts: config.DISPATCH_MAX_ATTEMPTS,
          baseMs: config.DISPATCH_RETRY_BASE_MS,
          maxMs: config.DISPATCH_RETRY_MAX_MS,
        },
        resumeIntervalMs: config.DISPATCH_RESUME_INTERVAL_MS,
      });
      dispatcher = started;
      scheduler = await startBatchScheduler({
        db: ctx.db,
        logger: ctx.logger,
        schedule,
        clock,
        lateAfterMs: config.BATCH_LATE_AFTER_MINUTES * 60_000,
        cronExpression: config.BATCH_CHECK_CRON,
        autoDispatch: config.BATCH_AUTO_DISPATCH ? started : undefined,
        projectionCaughtUp: {
          check: async () => (await ctx.bus.backlog(LICENCE_EVENTS_QUEUE)) === 0,
          maxWaitMs: config.BATCH_CATCH_UP_WAIT_MINUTES * 60_000,
        },
      });
      const startedScheduler = scheduler;
      // One job for the kit: the scheduler stops first (no new batch to dispatch), then the sends.
      return {
        async stop() {
          await startedScheduler.stop();
          await started.stop();
        },
      };
    },
  });
  return Object.assign(service, {
    scheduler() {
      if (!scheduler) throw new Error('the batch scheduler has not started');
      return scheduler;
    },
    dispatcher() {
      if (!dispatcher) throw new Error('the batch dispatcher has not started');
      return dispatcher;
    },
  });
}

if (require.main === module) runAsMain('transmissions', () => startTransmissionsService());
