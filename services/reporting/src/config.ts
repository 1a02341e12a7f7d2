import { z } from 'zod';
import { loadConfig } from '@lmp/config';
import { serviceSettings, storageSettings } from '@lmp/service';

/**
 * Reporting's key to the licences service's snapshot in development, the one the licences service
 * accepts from reporting when SNAPSHOT_CLIENTS is unset. It is committed, so anyone can read it:
 * production refuses it (snapshotSettings).
 */
export const DEVELOPMENT_SNAPSHOT_KEY = 'lmp-development-only-snapshot-key-reporting';

export const ZReportingConfig = z.object({
  ...serviceSettings(3003),
  ...storageSettings('postgres://lmp_reporting@127.0.0.1:5432/lmp'),
  /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
  IDENTITY_PUBLIC_KEY: z.string().optional(),
  /**
   * The licences service itself, not the gateway (which never routes /internal): where the
   * read-model check and rebuild read the snapshot (/internal/v1/snapshot/*).
   */
  LICENCES_SNAPSHOT_URL: z.url().default('http://127.0.0.1:3001'),
  /** Reporting's snapshot key (sent as `Authorization: Bearer <key>`); the development key by default. */
  SNAPSHOT_KEY: z.string().trim().min(1).default(DEVELOPMENT_SNAPSHOT_KEY),
});

export type ReportingConfig = z.infer<typeof ZReportingConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): ReportingConfig {
  return loadConfig(ZReportingConfig, source);
}

/**
 * Where and how to read the licences snapshot. Checked only by what reads it (the read-model
 * command): the service itself never does, so a production service without a key still starts.
 */
export function snapshotSettings(config: ReportingConfig): { url: string; key: string } {
  if (config.NODE_ENV === 'production' && config.SNAPSHOT_KEY === DEVELOPMENT_SNAPSHOT_KEY) {
    throw new Error(
      'SNAPSHOT_KEY is the development key committed in the repository, which anyone can read: ' +
        'production needs a key of its own (and the licences service its SHA-256 in SNAPSHOT_CLIENTS)',
    );
  }
  return { url: config.LICENCES_SNAPSHOT_URL.replace(/\/+$/, ''), key: config.SNAPSHOT_KEY };
}
