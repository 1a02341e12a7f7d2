import type { Db } from '@lmp/service';
import type { Role } from '../../app/page.types';
import type { EuLoginClient } from '../../infrastructure/eu-login.client';

export interface SessionDeps {
  db: Db;
  euLogin: EuLoginClient;
  /** The platform's view of the person: GET /api/v1/me with their token (null: gateway not available). */
  whoAmI(accessToken: string): Promise<{ name: string; email: string; role: Role } | null>;
  sessionTtlMs: number;
}

/** How long the browser has to come back from EU Login. */
export const SIGN_IN_ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** Refresh a little before the token expires, so a page's API calls do not fail half-way. */
export const TOKEN_EXPIRY_MARGIN_MS = 30 * 1000;
