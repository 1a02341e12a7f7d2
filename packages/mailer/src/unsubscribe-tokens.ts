import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface UnsubscribeClaims {
  userId: string;
  /** The mail kind (or preference) the link turns off. */
  kind: string;
}

export interface UnsubscribeTokens {
  /** `<payload>.<signature>`, both base64url: safe in a URL path or query without escaping. */
  sign(claims: UnsubscribeClaims): string;
  /** The claims of a token this secret signed, or null for anything else (tampered, other secret, garbage). */
  verify(token: string): UnsubscribeClaims | null;
}

const ZClaims = z.object({ v: z.literal(1), u: z.string().min(1).max(200), k: z.string().min(1).max(100) });

// Domain separation: a signature made with the same secret for anything else never verifies here.
const PURPOSE = 'lmp-unsubscribe.v1.';

/**
 * Signed one-click unsubscribe links (HMAC-SHA-256). The token does not expire: a link in a mail
 * from last year must still turn the mail off, and all it can do is that.
 */
export function unsubscribeTokens(secret: string): UnsubscribeTokens {
  if (Buffer.byteLength(secret, 'utf8') < 32) {
    throw new TypeError('the unsubscribe secret must be at least 32 bytes');
  }
  const mac = (payload: string) =>
    createHmac('sha256', secret)
      .update(PURPOSE + payload)
      .digest();
  return {
    sign({ userId, kind }) {
      const claims = ZClaims.parse({ v: 1, u: userId, k: kind });
      const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length > 1_000) return null;
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return null;
      const [, payload, signature] = match as unknown as [string, string, string];
      // Compared as text: base64url's last character carries spare bits, so decoding would let
      // several spellings of one signature pass.
      const given = Buffer.from(signature, 'ascii');
      const expected = Buffer.from(mac(payload).toString('base64url'), 'ascii');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const claims = ZClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
        return claims.success ? { userId: claims.data.u, kind: claims.data.k } : null;
      } catch {
        return null;
      }
    },
  };
}
