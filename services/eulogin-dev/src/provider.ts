import Provider, { errors, type ClientMetadata, type Configuration } from 'oidc-provider';
import { SIGNING_ALG, type SigningKey } from './keys';
import type { MemoryStore } from './memory-adapter';
import type { AccountRegistry } from './users';

export const WEB_CLIENT_ID = 'lmp-web';
export const SCRIPT_CLIENT_ID = 'lmp-scripts';
/** Loopback redirect of the script client; the token client reads the code off the redirect. */
export const SCRIPT_REDIRECT_URI = 'http://127.0.0.1/callback';
export const SCOPE = 'openid profile email';

export interface ProviderSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  /** Newest first: the first key signs, all are published. */
  keys: SigningKey[];
  redirectUris: string[];
  accounts: AccountRegistry;
  store: MemoryStore;
  cookieKeys: string[];
}

/**
 * Resource indicators must be absolute URIs (RFC 8707) while the gateway's audience is a plain
 * name such as "lmp-gateway", so the resource server gets a URN and sets `aud` explicitly.
 */
export function resourceIndicatorFor(audience: string): string {
  return URL.parse(audience) ? audience : `urn:lmp:resource:${audience}`;
}

export function createProvider(settings: ProviderSettings): Provider {
  return new Provider(settings.issuer, configuration(settings));
}

function configuration(settings: ProviderSettings): Configuration {
  const { accounts, accessTokenTtlSeconds: ttl } = settings;
  const resource = resourceIndicatorFor(settings.audience);
  const issuerPath = new URL(settings.issuer).pathname.replace(/\/$/, '');
  return {
    adapter: settings.store.adapterFor,
    clients: clients(settings.redirectUris),
    jwks: { keys: settings.keys },
    cookies: { keys: settings.cookieKeys },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    scopes: SCOPE.split(' '),
    responseTypes: ['code'],
    conformIdTokenClaims: false,
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: SIGNING_ALG,
      token_endpoint_auth_method: 'none',
    },
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG],
      userinfoSigningAlgValues: [SIGNING_ALG],
      introspectionSigningAlgValues: [SIGNING_ALG],
      authorizationSigningAlgValues: [SIGNING_ALG],
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        // Without this the token endpoint issues an opaque, userinfo-only token for "openid"
        // requests that do not repeat the resource parameter.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: SCOPE,
            audience: settings.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ttl,
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...profileClaims(sub, accounts) }) };
    },
    // The gateway reads the person from the access token, not from userinfo.
    extraTokenClaims: (_ctx, token) =>
      'accountId' in token && token.accountId ? profileClaims(token.accountId, accounts) : undefined,
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: ttl,
      AuthorizationCode: 60,
      IdToken: ttl,
      Interaction: 15 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
      RefreshToken: 8 * 60 * 60,
    },
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

function profileClaims(sub: string, accounts: AccountRegistry) {
  const account = accounts.find(sub);
  if (!account) return undefined;
  return {
    email: account.email,
    email_verified: true,
    name: account.name,
    given_name: account.givenName,
    family_name: account.familyName,
  };
}

function clients(redirectUris: string[]): ClientMetadata[] {
  const origins = [...new Set(redirectUris.map((uri) => `${new URL(uri).origin}/`))];
  return [
    {
      client_id: WEB_CLIENT_ID,
      client_name: 'Licence monitoring platform',
      application_type: 'web',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: origins,
    },
    {
      client_id: SCRIPT_CLIENT_ID,
      client_name: 'Licence monitoring platform scripts and tests',
      application_type: 'native',
      redirect_uris: [SCRIPT_REDIRECT_URI],
    },
  ];
}
