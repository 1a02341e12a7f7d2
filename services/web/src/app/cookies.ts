import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'lmp_session';
/** The state of a sign-in in progress (the browser that started it must finish it). */
export const SIGN_IN_COOKIE = 'lmp_signin';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; omitted: a browser-session cookie. */
  maxAge?: number;
  path?: string;
}

/** HttpOnly and SameSite=Lax always; Secure outside development. */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAge !== undefined ? [`Max-Age=${options.maxAge}`] : []),
  ];
  res.append('Set-Cookie', parts.join('; '));
}

export function clearCookie(res: Response, name: string, options: Omit<CookieOptions, 'maxAge'>): void {
  setCookie(res, name, '', { ...options, maxAge: 0 });
}
