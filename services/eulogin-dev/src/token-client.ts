import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar';
import { SCOPE, SCRIPT_CLIENT_ID, SCRIPT_REDIRECT_URI } from './provider';

export interface GetAccessTokenOptions {
  /** e.g. http://localhost:7080/cas/oauth2 */
  issuer: string;
  email: string;
  /** Used the first time this e-mail signs in; derived from the address when absent. */
  name?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
}

export interface TokenSet {
  accessToken: string;
  idToken: string | undefined;
  expiresIn: number;
  tokenType: string;
  scope: string | undefined;
}

const MAX_HOPS = 12;

export interface AuthorizationCodeOptions extends GetAccessTokenOptions {
  /** S256 challenge to send; omit to send none (the provider must refuse that). */
  codeChallenge?: string;
}

export interface AuthorizationResult {
  code: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
}

/** The front-channel half: authorization request, login form, redirects, back with a code. */
export async function requestAuthorizationCode(
  options: AuthorizationCodeOptions,
): Promise<AuthorizationResult> {
  const clientId = options.clientId ?? SCRIPT_CLIENT_ID;
  const redirectUri = options.redirectUri ?? SCRIPT_REDIRECT_URI;
  const discovery = await fetchJson(`${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(String(discovery.authorization_endpoint));
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: options.scope ?? SCOPE,
    state,
    nonce: randomBytes(16).toString('base64url'),
    ...(options.codeChallenge
      ? { code_challenge: options.codeChallenge, code_challenge_method: 'S256' }
      : {}),
  }).toString();

  const callback = await signIn(authorize.href, redirectUri, options);
  const error = callback.searchParams.get('error');
  if (error)
    throw new Error(`authorization failed: ${error} ${callback.searchParams.get('error_description') ?? ''}`);
  if (callback.searchParams.get('state') !== state) throw new Error('authorization response state mismatch');
  if (callback.searchParams.get('iss') !== discovery.issuer)
    throw new Error('authorization response iss mismatch');
  return {
    code: callback.searchParams.get('code') ?? '',
    clientId,
    redirectUri,
    tokenEndpoint: String(discovery.token_endpoint),
  };
}

/** The back-channel half: the code and the PKCE verifier for tokens. */
export async function exchangeCode(
  authorization: AuthorizationResult,
  codeVerifier?: string,
): Promise<TokenSet> {
  const tokens = await fetchJson(authorization.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: authorization.code,
      redirect_uri: authorization.redirectUri,
      client_id: authorization.clientId,
      ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
    }),
  });
  return {
    accessToken: String(tokens.access_token),
    idToken: tokens.id_token === undefined ? undefined : String(tokens.id_token),
    expiresIn: Number(tokens.expires_in),
    tokenType: String(tokens.token_type),
    scope: tokens.scope === undefined ? undefined : String(tokens.scope),
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * Signs in the way a browser would: authorization request with PKCE (S256), the login form,
 * the interaction redirects with their cookies, then the code exchanged at the token endpoint.
 */
export async function getTokenSet(options: GetAccessTokenOptions): Promise<TokenSet> {
  const { verifier, challenge } = pkcePair();
  const authorization = await requestAuthorizationCode({ ...options, codeChallenge: challenge });
  return exchangeCode(authorization, verifier);
}

export async function getAccessToken(options: GetAccessTokenOptions): Promise<string> {
  return (await getTokenSet(options)).accessToken;
}

/** Follows redirects by hand (cookies, login form) until the provider redirects to the client. */
async function signIn(start: string, redirectUri: string, options: GetAccessTokenOptions): Promise<URL> {
  const cookies = new CookieJar();
  let request: { url: string; init?: RequestInit } = { url: start };
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const response = await fetch(request.url, {
      ...request.init,
      redirect: 'manual',
      headers: {
        ...(request.init?.headers as Record<string, string>),
        cookie: cookies.headerFor(request.url),
      },
    });
    for (const cookie of response.headers.getSetCookie()) cookies.store(cookie, request.url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(redirectUri)) return next;
      request = { url: next.href };
      continue;
    }
    const body = await response.text();
    if (response.status !== 200)
      throw new Error(`sign-in failed at ${request.url}: ${response.status} ${body.slice(0, 300)}`);
    request = loginSubmission(body, request.url, options);
  }
  throw new Error(`sign-in did not finish after ${MAX_HOPS} redirects`);
}

function loginSubmission(page: string, pageUrl: string, options: GetAccessTokenOptions) {
  const form = /<form[^>]*id="login-form"[^>]*action="([^"]+)"/.exec(page);
  if (!form?.[1]) throw new Error(`no login form at ${pageUrl}`);
  const action = new URL(form[1], pageUrl).href;
  const body = new URLSearchParams({ email: options.email, ...(options.name ? { name: options.name } : {}) });
  return {
    url: action,
    init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
  };
}

async function fetchJson(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}
