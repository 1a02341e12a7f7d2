import * as oidc from 'openid-client';

/** What a completed sign-in or refresh gives the session. */
export interface TokenSet {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string | null;
  idToken: string | null;
  claims: { sub: string; email?: string; name?: string } | null;
}

export interface SignInRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface EuLoginClient {
  issuerOrigin: string;
  startSignIn(): Promise<SignInRequest>;
  /** The callback URL as the browser requested it; state, nonce, PKCE and `iss` are checked. */
  completeSignIn(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  /** The issuer's end-session URL, or null when it publishes none. */
  endSessionUrl(idToken: string | null): Promise<URL | null>;
}

export interface EuLoginSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

const SCOPE = 'openid profile email';
/** A token whose expiry is unknown is treated as good for this long. */
const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * EU Login through openid-client: discovery once (retried on the next sign-in if the issuer was
 * down), authorisation code flow with PKCE (S256), state and nonce.
 */
export function createEuLoginClient(settings: EuLoginSettings): EuLoginClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ? { client_secret: settings.clientSecret } : undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        // Plain http is for the development issuer on this machine only.
        settings.issuer.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const toTokenSet = (tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): TokenSet => {
    const claims = tokens.claims();
    return {
      accessToken: tokens.access_token,
      accessTokenExpiresAt: new Date(Date.now() + (tokens.expiresIn() ?? DEFAULT_LIFETIME_SECONDS) * 1000),
      refreshToken: tokens.refresh_token ?? null,
      idToken: tokens.id_token ?? null,
      claims: claims
        ? {
            sub: claims.sub,
            ...(typeof claims.email === 'string' && { email: claims.email }),
            ...(typeof claims.name === 'string' && { name: claims.name }),
          }
        : null,
    };
  };
  return {
    issuerOrigin: new URL(settings.issuer).origin,
    async startSignIn() {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, nonce, codeVerifier };
    },
    async completeSignIn(callbackUrl, checks) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      return toTokenSet(tokens);
    },
    async refresh(refreshToken) {
      return toTokenSet(await oidc.refreshTokenGrant(await configuration(), refreshToken));
    },
    async endSessionUrl(idToken) {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
        ...(idToken && { id_token_hint: idToken }),
      });
    },
  };
}
