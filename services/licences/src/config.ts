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
});

export type LicencesConfig = z.infer<typeof ZLicencesConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): LicencesConfig {
  return loadConfig(ZLicencesConfig, source);
}
