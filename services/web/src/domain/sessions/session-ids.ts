import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random 256-bit value, base64url (session ids, CSRF tokens). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a secret the browser holds: its SHA-256. */
export function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison of two tokens (CSRF). */
export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length === 0) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Where to go after sign-in: only a same-origin path (`/licences?x=1`), never `//evil.example`,
 * `/\evil.example`, a scheme or anything with control characters; otherwise the home page.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/\p{Cc}/u.test(value) || value.includes("\\")) return '/';
  const parsed = URL.parse(value, 'http://web.invalid');
  if (!parsed || parsed.origin !== 'http://web.invalid') return '/';
  if (parsed.pathname.startsWith('/auth/')) return '/';
  return `${parsed.pathname}${parsed.search}`;
}
