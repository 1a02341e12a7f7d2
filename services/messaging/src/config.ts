import { z } from 'zod';
import { env, loadConfig } from '@lmp/config';
import { serviceSettings, storageSettings } from '@lmp/service';

/**
 * The development secret for unsubscribe links, committed here and so known to anyone: it signs
 * links on a laptop and in tests, and production refuses it (assertNotDevelopmentSecret).
 */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'development-only-unsubscribe-secret-never-use-in-production';

/**
 * Multipart messages read at once per replica. Each holds its files in memory (up to five of
 * 10 MB) until its message is stored: 8 of the largest took about 280 MB more in a measurement,
 * well inside the container's 1 GiB (k8s/base/messaging.yaml).
 */
export const MAX_CONCURRENT_UPLOADS_DEFAULT = 8;

export const ZMessagingConfig = z
  .object({
    ...serviceSettings(3004),
    ...storageSettings('postgres://lmp_messaging@127.0.0.1:5432/lmp'),
    /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
    IDENTITY_PUBLIC_KEY: z.string().optional(),
    /** Where companies' messages to the Commission are announced. */
    COMMISSION_MAILBOX: z.email().default('trade-rare-earths@ec.europa.eu'),
    /** The web pages' public address, for the links in e-mails (a thread, the licences, the settings). */
    PUBLIC_BASE_URL: env.url('http://localhost:3000'),
    /**
     * The public API's address (the gateway), for the one-click unsubscribe link of every e-mail
     * (`/api/v1/notifications/unsubscribe`). Behind one host (the Ingress sends /api to the gateway
     * and the rest to the web pages) both settings are that host.
     */
    PUBLIC_API_URL: env.url('http://localhost:8080'),
    /** Signs one-click unsubscribe links (HMAC); at least 32 characters; the development default is refused in production. */
    UNSUBSCRIBE_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters')
      .default(DEVELOPMENT_UNSUBSCRIBE_SECRET),
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: env.port(1025),
    SMTP_SECURE: env.boolean(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    /**
     * Refuse to send unless the relay upgrades the session to TLS (STARTTLS), so credentials never
     * cross the network in clear. Default: true when SMTP_USER is set, false otherwise.
     */
    SMTP_REQUIRE_TLS: z
      .enum(['true', 'false', '1', '0'])
      .transform((value) => value === 'true' || value === '1')
      .optional(),
    /** `Name <address>` or an address. */
    MAIL_FROM: z
      .string()
      .min(3)
      .default('DG TRADE licence monitoring <no-reply@licences.trade.ec.europa.eu>'),
    /** The right-hand side of every Message-ID (stable per mail, so a resend is recognisable). */
    MAIL_MESSAGE_ID_DOMAIN: z.string().min(1).default('licences.trade.ec.europa.eu'),
    MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    /**
     * Mails in flight at once per replica, each on its own SMTP connection. A crash of the replica
     * resends at most this many plus @lmp/mailer's MAX_UNMARKED_MAILS (4), with the same Message-ID.
     */
    MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
    MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(5000),
    /** Wait after the first failed send; it doubles per further failure up to MAIL_RETRY_MAX_MS. */
    MAIL_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
    MAIL_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
    /** Run the e-mail sender in this process (each replica may; rows are claimed with SKIP LOCKED). */
    MAIL_SENDER_ENABLED: env.boolean(true),
    /**
     * node-cron expression (Europe/Brussels) of the stale reminder's wake-ups. It wakes often and
     * sends the week's reminder once, from Monday 08:00 on (job_runs): a failed wake-up is caught up.
     */
    STALE_REMINDER_CRON: z.string().min(1).default('*/10 * * * *'),
    /** A pending or processing licence transmitted at least once is stale after this many days without a status change. */
    STALE_AFTER_DAYS: z.coerce.number().int().min(1).default(14),
    /** The hour of Monday (Brussels) from which the week's stale reminder is due (the job wakes every STALE_REMINDER_CRON). */
    STALE_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
    /** node-cron expression (Europe/Brussels) of the daily digest's wake-ups; it sends the day's digest once, from 07:00 on. */
    DAILY_DIGEST_CRON: z.string().min(1).default('*/10 * * * *'),
    /** How many companies' messages a broadcast writes per transaction. */
    BROADCAST_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Messages with files read at once per replica; one more is 503 with Retry-After before its body is read. */
    MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(1000).default(MAX_CONCURRENT_UPLOADS_DEFAULT),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.UNSUBSCRIBE_SECRET !== DEVELOPMENT_UNSUBSCRIBE_SECRET, {
    path: ['UNSUBSCRIBE_SECRET'],
    message:
      'is the development secret committed in services/messaging/src/config.ts, which anyone can read: production needs a secret of its own',
  });

export type MessagingConfig = z.infer<typeof ZMessagingConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const config = loadConfig(ZMessagingConfig, source);
  return { ...config, SMTP_REQUIRE_TLS: smtpRequiresTls(config) };
}

/** SMTP_REQUIRE_TLS as set, else true exactly when credentials are (they never go in clear). */
export const smtpRequiresTls = (config: Pick<MessagingConfig, 'SMTP_REQUIRE_TLS' | 'SMTP_USER'>) =>
  config.SMTP_REQUIRE_TLS ?? Boolean(config.SMTP_USER);

/** `Name <address>` or a bare address, as the sender wants it. */
export function mailFromOf(value: string): { address: string; name: string } {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  if (match) return { name: match[1]!.replace(/^"|"$/g, ''), address: match[2]! };
  return { name: '', address: value.trim() };
}
