import { z } from 'zod';
import type { DevIdentityProviderOptions } from './options';
import { defaultDemoUsers, type DemoUser } from './users';

export const DEFAULT_PORT = 7080;
export const DEFAULT_ISSUER_PATH = '/cas/oauth2';
export const DEFAULT_AUDIENCE = 'lmp-gateway';
/** The web pages (services/web, port 3000 in `npm start`) and a client on the gateway's origin. */
export const DEFAULT_REDIRECT_URIS = [
  'http://localhost:3000/auth/callback',
  'http://localhost:8080/auth/callback',
];
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 600;

/** This issuer signs anyone in who types an e-mail address: it must never run in production. */
export function assertNotProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'eulogin-dev is a development identity provider that signs in anyone: it refuses to start with NODE_ENV=production. Use the real EU Login in production.',
    );
  }
}

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const userSchema = z.object({ email: z.email(), name: z.string().min(1), label: z.string().optional() });

/** DEMO_USERS: JSON `[{"email","name","label"?}]` or `email|Name|Label,email|Name`. */
export function parseDemoUsers(value: string): DemoUser[] {
  const raw: unknown = value.trim().startsWith('[')
    ? JSON.parse(value)
    : list(value).map((entry) => {
        const [email, name, label] = entry.split('|').map((part) => part.trim());
        return { email, name, ...(label ? { label } : {}) };
      });
  return z.array(userSchema).parse(raw);
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  HOST: z.string().min(1).default('0.0.0.0'),
  ISSUER_URL: z.url().optional(),
  AUDIENCE: z.string().min(1).default(DEFAULT_AUDIENCE),
  DEMO_USERS: z.string().optional(),
  REDIRECT_URIS: z.string().optional(),
  ACCESS_TOKEN_TTL: z.coerce.number().int().positive().default(DEFAULT_ACCESS_TOKEN_TTL_SECONDS),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): DevIdentityProviderOptions {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.parse(set);
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    issuer: parsed.ISSUER_URL,
    audience: parsed.AUDIENCE,
    users: parsed.DEMO_USERS ? parseDemoUsers(parsed.DEMO_USERS) : [...defaultDemoUsers],
    redirectUris: parsed.REDIRECT_URIS ? list(parsed.REDIRECT_URIS) : DEFAULT_REDIRECT_URIS,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL,
  };
}
