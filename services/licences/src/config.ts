import { z } from 'zod';
import { env, loadConfig } from '@lmp/config';

export const ZLicencesConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: env.port(3001),
  DATABASE_URL: env.url('postgres://lmp_licences@127.0.0.1:5432/lmp'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(16),
  RABBITMQ_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
  /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
  IDENTITY_PUBLIC_KEY: z.string().optional(),
  LOG_LEVEL: env.logLevel(),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Lists count their total exactly up to this many matches, and estimate beyond. */
  LIST_EXACT_TOTAL_CAP: z.coerce.number().int().min(1).default(10_000),
});

export type LicencesConfig = z.infer<typeof ZLicencesConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): LicencesConfig {
  return loadConfig(ZLicencesConfig, source);
}
