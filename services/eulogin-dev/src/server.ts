import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import {
  assertNotProduction,
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER_PATH,
  DEFAULT_REDIRECT_URIS,
} from './config';
import { send, sendJson } from './http';
import { showInteraction, submitLogin } from './interactions';
import { generateSigningKey, toSigningKey, type SigningKey } from './keys';
import { silentLogger } from './logger';
import type { DevIdentityProviderOptions } from './options';

export type { DevIdentityProviderOptions };
import { MemoryStore } from './memory-adapter';
import { createProvider } from './provider';
import { AccountRegistry, defaultDemoUsers } from './users';

export interface DevIdentityProvider {
  issuer: string;
  /** Where the server listens, e.g. http://127.0.0.1:7080 */
  url: string;
  jwksUri: string;
  /** kid of the key that signs new tokens. */
  signingKid(): string;
  /** Adds a new signing key in front; the old ones stay published unless dropOld. */
  rotateKeys(options?: { dropOld?: boolean }): Promise<{ kid: string }>;
  stop(): Promise<void>;
}

export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions = {},
): Promise<DevIdentityProvider> {
  assertNotProduction();
  const logger = options.logger ?? silentLogger;
  const users = options.users ?? [...defaultDemoUsers];
  const accounts = new AccountRegistry(users);
  const store = new MemoryStore();
  const cookieKeys = [randomBytes(32).toString('base64url')];
  let keys: SigningKey[] = options.keys?.length
    ? await Promise.all(options.keys.map(toSigningKey))
    : [await generateSigningKey()];

  let current: { provider: Provider; callback: ReturnType<Provider['callback']> } | undefined;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => fail(res, error));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7080, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const url = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  const issuer = (options.issuer ?? `${url}${options.issuerPath ?? DEFAULT_ISSUER_PATH}`).replace(/\/$/, '');
  const issuerPath = new URL(issuer).pathname.replace(/\/$/, '');

  const build = () => {
    const provider = createProvider({
      issuer,
      audience: options.audience ?? DEFAULT_AUDIENCE,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
      keys,
      redirectUris: options.redirectUris ?? DEFAULT_REDIRECT_URIS,
      accounts,
      store,
      cookieKeys,
    });
    provider.on('server_error', (_ctx: unknown, error: Error) =>
      logger.error('oidc-provider error', { error: error.stack }),
    );
    current = { provider, callback: provider.callback() };
  };
  build();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (!current || (pathname !== issuerPath && !pathname.startsWith(`${issuerPath}/`))) {
      return sendJson(res, 404, { error: 'not_found' });
    }
    const rest = pathname.slice(issuerPath.length) || '/';
    const deps = { provider: current.provider, issuerPath, users, accounts };
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(rest);
    if (interaction?.[1] && !interaction[2] && req.method === 'GET') return showInteraction(req, res, deps);
    if (interaction?.[1] && interaction[2] && req.method === 'POST')
      return submitLogin(req, res, deps, interaction[1]);
    if (interaction) return sendJson(res, 405, { error: 'method_not_allowed' });
    // oidc-provider routes without the issuer path and rebuilds its URLs from originalUrl.
    Object.assign(req, { originalUrl: req.url, url: `${rest}${search}` });
    return current.callback(req, res);
  }

  function fail(res: ServerResponse, error: unknown) {
    const status = (error as { status?: number }).status ?? 500;
    const description = (error as { error_description?: string }).error_description ?? String(error);
    if (status >= 500) logger.error('request failed', { error: (error as Error).stack ?? String(error) });
    if (!res.headersSent) send(res, status, 'text/plain; charset=utf-8', `${description}\n`);
    else res.end();
  }

  logger.info('development identity provider started', { issuer, url });
  return {
    issuer,
    url,
    jwksUri: `${issuer}/jwks`,
    signingKid: () => keys[0]!.kid,
    async rotateKeys({ dropOld = false } = {}) {
      const key = await generateSigningKey();
      keys = dropOld ? [key] : [key, ...keys];
      build();
      logger.info('signing key rotated', { kid: key.kid, published: keys.map((k) => k.kid) });
      return { kid: key.kid };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
