import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwksCache,
  type CryptoKey,
  type ExportedJWKSCache,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
} from 'jose';
import type { Logger } from '@lmp/logger';

export interface IssuerKeysOptions {
  /** The issuer identifier; discovery is `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  /** After a successful fetch, how long an unknown `kid` waits before it can trigger another. */
  cooldownMs: number;
  /** Keys older than this are refetched before use (kept when the refetch fails). */
  cacheMaxAgeMs: number;
  timeoutMs: number;
  logger: Logger;
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

export interface IssuerKeys {
  /** The key for a token's header, for jose's `jwtVerify`. */
  getKey: KeyResolver;
  /** Keys are known: fetched now or cached from an earlier fetch. */
  isReady(): Promise<boolean>;
}

/** Neither discovery nor the key set could be fetched, and no keys are cached: a 503, not a 401. */
export class IssuerKeysUnavailableError extends Error {
  override name = 'IssuerKeysUnavailableError';
}

/** Errors that are answers about the token, not about reaching the issuer. */
const tokenErrors = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/**
 * The issuer's signing keys, found through its discovery document and cached by jose's remote key
 * set: an unknown `kid` refetches the set (at most once per cooldown), so key rotation works.
 * When the key set endpoint is down or slow, verification goes on with the keys last fetched —
 * and for `cooldownMs` after a failure without waiting on the endpoint again — so a known key keeps
 * working and an unknown one is still a plain "no matching key".
 */
export function createIssuerKeys(options: IssuerKeysOptions): IssuerKeys {
  const { issuer, cooldownMs, logger } = options;
  const cache = {} as ExportedJWKSCache;
  let remote: KeyResolver | undefined;
  let discovering: Promise<KeyResolver> | undefined;
  let failedAt = -Infinity;
  let cached: { uat: number; resolve: KeyResolver } | undefined;

  const failedRecently = () => Date.now() - failedAt < cooldownMs;

  async function discover(): Promise<KeyResolver> {
    if (remote) return remote;
    if (failedRecently())
      throw new IssuerKeysUnavailableError(`The identity provider ${issuer} was unreachable moments ago`);
    discovering ??= fetchJwksUri().then(
      (jwksUri) => {
        remote = createRemoteJWKSet(jwksUri, {
          cooldownDuration: cooldownMs,
          cacheMaxAge: options.cacheMaxAgeMs,
          timeoutDuration: options.timeoutMs,
          [jwksCache]: cache,
        });
        logger.info({ issuer, jwksUri: jwksUri.href }, 'identity provider discovered');
        discovering = undefined;
        return remote;
      },
      (error: unknown) => {
        failedAt = Date.now();
        discovering = undefined;
        logger.warn({ err: error, issuer }, 'identity provider discovery failed');
        throw new IssuerKeysUnavailableError(`The identity provider ${issuer} cannot be reached`, {
          cause: error,
        });
      },
    );
    return discovering;
  }

  async function fetchJwksUri(): Promise<URL> {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery §4.3: the document must name exactly the issuer it was fetched for.
    if (document.issuer !== issuer)
      throw new Error(`discovery names issuer ${String(document.issuer)}, expected ${issuer}`);
    if (typeof document.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
    return new URL(document.jwks_uri);
  }

  /** The keys of the last successful fetch, whatever their age. */
  function lastKnownKeys(): KeyResolver | undefined {
    if (!cache.jwks || cache.uat === undefined) return undefined;
    if (cached?.uat !== cache.uat) cached = { uat: cache.uat, resolve: createLocalJWKSet(cache.jwks) };
    return cached.resolve;
  }

  const getKey: KeyResolver = async (header, token) => {
    const known = lastKnownKeys();
    if (known && failedRecently()) return known(header, token);
    const resolve = await discover();
    try {
      return await resolve(header, token);
    } catch (error) {
      if (tokenErrors.some((type) => error instanceof type)) throw error;
      failedAt = Date.now();
      const fallback = lastKnownKeys();
      logger.warn(
        { err: error, issuer, cachedKeys: Boolean(fallback) },
        'identity provider key set unreachable',
      );
      if (!fallback)
        throw new IssuerKeysUnavailableError('The identity provider key set cannot be fetched', {
          cause: error,
        });
      return fallback(header, token);
    }
  };

  return {
    getKey,
    async isReady() {
      if (lastKnownKeys()) return true;
      try {
        const resolve = (await discover()) as KeyResolver & { reload?: () => Promise<void> };
        await resolve.reload?.();
        return Boolean(lastKnownKeys());
      } catch {
        return false;
      }
    },
  };
}
