import { identityAudience, type Identity, type IdentitySigner } from '@lmp/auth';
import type { ServiceName } from './route-table';

export interface IdentityTokenCacheOptions {
  /** Lifetime of a minted token (the services refuse it after this). */
  ttlSeconds: number;
  /** A token is reused while it has at least this much life left. */
  minRemainingSeconds: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
}

/**
 * The identity token a service verifies, minted per person and service (its audience is that
 * service, which refuses tokens for any other) and reused while it has enough life left: signing
 * once per person and service per half-minute instead of once per request.
 */
export function cachedIdentityTokens(sign: IdentitySigner, options: IdentityTokenCacheOptions) {
  const entries = new Map<string, { token: string; expiresAt: number }>();
  return async function identityToken(identity: Identity, service: ServiceName): Promise<string> {
    const key = `${service}\n${identity.subject}\n${identity.email}\n${identity.name}\n${identity.role}`;
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.expiresAt - now >= options.minRemainingSeconds * 1000) return hit.token;
    const token = await sign(identity, {
      audience: identityAudience(service),
      ttlSeconds: options.ttlSeconds,
    });
    entries.delete(key);
    entries.set(key, { token, expiresAt: now + options.ttlSeconds * 1000 });
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    return token;
  };
}

export type IdentityTokenSource = ReturnType<typeof cachedIdentityTokens>;
