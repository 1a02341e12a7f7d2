import { z } from 'zod';
import { env, loadConfig } from '@lmp/config';
import { serviceSettings } from '@lmp/service';

/** Asymmetric signature algorithms only: a shared-secret or `none` algorithm can never be allowed. */
const ASYMMETRIC_ALGORITHMS = [
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalUrl = () =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url().optional());

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Byte sizes such as `256kb` or `10mb`, as a number of bytes. */
const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^\d+(b|kb|mb)$/i.test(v.trim()), 'must be a size like 256kb or 10mb')
    .transform((v) => {
      const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(v.trim())!;
      return Number(amount) * UNITS[unit!.toLowerCase()]!;
    });

export const ZGatewayConfig = z
  .object({
    ...serviceSettings(8080),
    /** EU Login's issuer in production: https://ecas.ec.europa.eu/cas/oauth2 */
    OIDC_ISSUER: env.url('http://localhost:7080/cas/oauth2').transform((v) => v.replace(/\/$/, '')),
    OIDC_AUDIENCE: z.string().min(1).default('lmp-gateway'),
    OIDC_ALGORITHMS: env
      .list('PS512,RS256')
      .pipe(
        z
          .array(
            z.enum(ASYMMETRIC_ALGORITHMS, { error: `must be among ${ASYMMETRIC_ALGORITHMS.join(', ')}` }),
          )
          .min(1),
      ),
    OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).default(5_000),
    JWKS_CACHE_MAX_AGE_MS: positiveInt(600_000),
    JWKS_TIMEOUT_MS: positiveInt(3_000),
    /** How long a verified access token is trusted without checking its signature again (0: never). */
    TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
    /** E-mail domains (`ec.europa.eu`), subdomain wildcards (`.europa.eu`) or addresses that get the Commission role. */
    COMMISSION_EMAILS: env.list('ec.europa.eu'),
    LICENCES_URL: env.url('http://127.0.0.1:3001'),
    REPORTING_URL: optionalUrl(),
    TRANSMISSIONS_URL: optionalUrl(),
    MESSAGING_URL: optionalUrl(),
    SERVICE_TIMEOUT_MS: positiveInt(10_000),
    SERVICE_MAX_SOCKETS: positiveInt(128),
    RETRY_AFTER_SECONDS: positiveInt(5),
    BODY_LIMIT: byteSize('256kb'),
    UPLOAD_BODY_LIMIT: byteSize('5mb'),
    /** A message with its evidence: up to 5 files of 10 MB each, the text and the multipart framing. */
    MESSAGE_BODY_LIMIT: byteSize('52mb'),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
    RATE_LIMIT_PER_USER: positiveInt(600),
    RATE_LIMIT_PER_ADDRESS: positiveInt(3000),
    /** Express `trust proxy`: `false`, `true`, a hop count or a list of addresses/subnets of the proxies in front. */
    TRUST_PROXY: z.string().default('false'),
    /** JWK (JSON) of the key that signs identity tokens for the services; development key from packages/auth. */
    IDENTITY_PRIVATE_KEY: z.string().optional(),
  })
  .refine((c) => c.NODE_ENV !== 'production' || c.OIDC_ISSUER.startsWith('https://'), {
    path: ['OIDC_ISSUER'],
    message: 'must be an https:// issuer in production (EU Login: https://ecas.ec.europa.eu/cas/oauth2)',
  });

export type GatewayConfig = z.infer<typeof ZGatewayConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(ZGatewayConfig, source);
}

/** `TRUST_PROXY` as Express wants it. */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
