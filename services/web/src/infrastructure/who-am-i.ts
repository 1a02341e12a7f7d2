import type { Role } from '../app/page.types';

/** GET /api/v1/me with a fresh token: the person's name, e-mail and role as the platform knows them. */
export function createWhoAmI(gatewayUrl: string) {
  return async (accessToken: string): Promise<{ name: string; email: string; role: Role } | null> => {
    let response: Response;
    try {
      response = await fetch(`${gatewayUrl.replace(/\/$/, '')}/api/v1/me`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (response.status >= 500) return null;
      throw new Error(`the gateway refused the new token (${response.status})`);
    }
    const me = (await response.json()) as { user: { name: string; email: string }; role: Role };
    return { name: me.user.name, email: me.user.email, role: me.role };
  };
}
