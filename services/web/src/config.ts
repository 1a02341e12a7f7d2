import { z } from 'zod';
import { env, loadConfig } from '@lmp/config';
import { serviceSettings } from '@lmp/service';

export const ZWebConfig = z.object({
  ...serviceSettings(3000),
  /** The web service's own schema `web` (sessions); it reads nothing else from the database. */
  DATABASE_URL: env.url('postgres://lmp_web@127.0.0.1:5432/lmp'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  /** The gateway, whose public API (/api/v1) every page calls with the user's token. */
  GATEWAY_URL: z.url().default('http://127.0.0.1:8080'),
  /** EU Login (in development the eulogin-dev issuer); discovery at <issuer>/.well-known/openid-configuration. */
  OIDC_ISSUER: z.url().default('http://localhost:7080/cas/oauth2'),
  OIDC_CLIENT_ID: z.string().min(1).default('lmp-web'),
  /** Unset: a public client (PKCE only), as eulogin-dev registers lmp-web. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where browsers reach this service: the redirect URI is PUBLIC_URL/auth/callback. */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** A session ends this long after sign-in, whatever happens. */
  SESSION_TTL_MINUTES: z.coerce.number().int().min(5).default(8 * 60),
  /** Behind a load balancer or ingress: Express's `trust proxy` (hops or addresses). */
  TRUST_PROXY: z.string().optional(),
});

export type WebConfig = z.infer<typeof ZWebConfig>;

export function readConfig(source: NodeJS.ProcessEnv = process.env): WebConfig {
  return loadConfig(ZWebConfig, source);
}

/** `Secure` cookies everywhere but development (plain-http localhost). */
export function secureCookies(config: Pick<WebConfig, 'NODE_ENV'>): boolean {
  return config.NODE_ENV !== 'development';
}
