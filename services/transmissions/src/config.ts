import { z } from 'zod';
import { env, loadConfig } from '@lmp/config';
import { serviceSettings, storageSettings } from '@lmp/service';

export const ZTransmissionsConfig = z
  .object({
    ...serviceSettings(3002),
    ...storageSettings('postgres://lmp_transmissions@127.0.0.1:5432/lmp'),
    /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
    IDENTITY_PUBLIC_KEY: z.string().optional(),
    /** The first scheduled slot's date (Europe/Brussels); every slot is this plus n × BATCH_INTERVAL_DAYS. */
    BATCH_ANCHOR_DATE: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).default('2025-10-13'),
    /** Wall-clock time of every slot in Europe/Brussels, kept across daylight-saving changes. */
    BATCH_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24 hours)')
      .default('09:00'),
    BATCH_INTERVAL_DAYS: z.coerce.number().int().min(1).max(366).default(14),
    /** How often the scheduler wakes to look for a slot without a batch (node-cron expression). */
    BATCH_CHECK_CRON: z.string().min(1).default('* * * * *'),
    /**
     * How long a due slot waits for the licence events in the queue (after downtime) to be applied
     * before its batch is built all the same.
     */
    BATCH_CATCH_UP_WAIT_MINUTES: z.coerce.number().int().min(0).default(10),
    /** A scheduled batch built more than this after its slot (after downtime) is marked late. */
    BATCH_LATE_AFTER_MINUTES: z.coerce.number().int().min(1).default(15),
    /** Dispatch scheduled batches without review (the dispatch step reads it). */
    BATCH_AUTO_DISPATCH: env.boolean(false),
    /** Where batch files are e-mailed (MOFCOM's address). */
    MOFCOM_DISPATCH_TO: z.email().default('mofcom-batches@mofcom.example'),
    MAIL_FROM: z
      .string()
      .min(3)
      .default('DG TRADE licence monitoring <no-reply@licences.trade.ec.europa.eu>'),
    /** SMTP server the batch e-mail goes through; development default: the local mail catcher. */
    SMTP_URL: env.url('smtp://127.0.0.1:1025'),
    /** Sends per dispatch (the first and its retries on transient SMTP failures) before `failed`. */
    DISPATCH_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
    /** Wait after the first failed send; it doubles after each further one, up to DISPATCH_RETRY_MAX_MS. */
    DISPATCH_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
    DISPATCH_RETRY_MAX_MS: z.coerce.number().int().min(1).default(600_000),
    /** How often the dispatcher looks for batches left dispatching (by a replica that died). */
    DISPATCH_RESUME_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  })
  .refine((c) => c.DATABASE_POOL_SIZE >= 3, {
    path: ['DATABASE_POOL_SIZE'],
    // A dispatch holds its batch's advisory lock on one connection while the file is read on a
    // second and the record written on a third: fewer and it would wait for itself forever.
    message: 'must be at least 3 for the transmissions service (a dispatch uses three connections at once)',
  });

export type TransmissionsConfig = z.infer<typeof ZTransmissionsConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): TransmissionsConfig {
  return loadConfig(ZTransmissionsConfig, source);
}
