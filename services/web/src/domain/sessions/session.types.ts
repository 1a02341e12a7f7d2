import type { Role } from '../../app/page.types';

export interface Session {
  idHash: string;
  sub: string;
  email: string;
  name: string;
  role: Role;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string | null;
  idToken: string | null;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SignInAttempt {
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  expiresAt: Date;
}
