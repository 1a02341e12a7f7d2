import type { Identity, IdentitySigner } from '@lmp/auth';

export interface IdentityTokenCacheOptions {
  /** Lifetime of a minted token (the services refuse it after this). */
  ttlSeconds: number;
  /** A token is reused while it has at least this much life left. */
  minRemainingSeconds: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
}

/**
 * The identity token the services verify, minted per person and reused while it has enough life
 * left: signing once per person per half-minute instead of once per request.
 */
export function cachedIdentityTokens(sign: IdentitySigner, options: IdentityTokenCacheOptions) {
  const entries = new Map<string, { token: string; expiresAt: number }>();
  return async function identityToken(identity: Identity): Promise<string> {
    const key = `${identity.subject}\n${identity.email}\n${identity.name}\n${identity.role}`;
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && hit.expiresAt - now >= options.minRemainingSeconds * 1000) return hit.token;
    const token = await sign(identity, options.ttlSeconds);
    entries.delete(key);
    entries.set(key, { token, expiresAt: now + options.ttlSeconds * 1000 });
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    return token;
  };
}

export type IdentityTokenSource = ReturnType<typeof cachedIdentityTokens>;
