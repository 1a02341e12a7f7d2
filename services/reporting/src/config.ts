import { z } from 'zod';
import { loadConfig } from '@lmp/config';
import { serviceSettings, storageSettings } from '@lmp/service';

export const ZReportingConfig = z.object({
  ...serviceSettings(3003),
  ...storageSettings('postgres://lmp_reporting@127.0.0.1:5432/lmp'),
  /** JWK (JSON) of the gateway's identity-signing public key; development default in packages/auth. */
  IDENTITY_PUBLIC_KEY: z.string().optional(),
});

export type ReportingConfig = z.infer<typeof ZReportingConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): ReportingConfig {
  return loadConfig(ZReportingConfig, source);
}
