import { z } from 'zod';
import { loadConfig } from '@lmp/config';
import { serviceSettings, storageSettings } from '@lmp/service';

export const ZLicencesConfig = z.object({
  ...serviceSettings(3001),
  ...storageSettings('postgres://lmp_licences@127.0.0.1:5432/lmp'),
  /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
  IDENTITY_PUBLIC_KEY: z.string().optional(),
  /** Lists count their total exactly up to this many matches, and estimate beyond. */
  LIST_EXACT_TOTAL_CAP: z.coerce.number().int().min(1).default(10_000),
  /**
   * Who may read the internal snapshot (/internal/v1/snapshot/*): comma-separated
   * `name:sha256-hex-of-its-key`. Unset: reporting with the development key in development, nobody
   * in production (which also refuses the development key). docs/security.md, "Internal snapshot".
   */
  SNAPSHOT_CLIENTS: z
    .string()
    .trim()
    .regex(
      /^$|^[a-z][a-z0-9-]*:[0-9a-fA-F]{64}(\s*,\s*[a-z][a-z0-9-]*:[0-9a-fA-F]{64})*$/,
      'must be comma-separated name:sha256-hex entries (64 hex digits: the SHA-256 of the key, not the key)',
    )
    .optional(),
  /** Rows read from the database per page while a snapshot streams. */
  SNAPSHOT_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Snapshots streaming at once (each holds one database connection); more are answered 429. */
  SNAPSHOT_MAX_CONCURRENT: z.coerce.number().int().min(1).default(2),
  /** A snapshot whose reader stops reading for this long loses its transaction (and its connection). */
  SNAPSHOT_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
});

export type LicencesConfig = z.infer<typeof ZLicencesConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): LicencesConfig {
  return loadConfig(ZLicencesConfig, source);
}
