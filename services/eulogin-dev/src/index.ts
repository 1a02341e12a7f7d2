export {
  startDevIdentityProvider,
  type DevIdentityProvider,
  type DevIdentityProviderOptions,
} from './server';
export {
  exchangeCode,
  getAccessToken,
  getTokenSet,
  pkcePair,
  requestAuthorizationCode,
  type GetAccessTokenOptions,
  type TokenSet,
} from './token-client';
export { defaultDemoUsers, subjectFor, type DemoUser } from './users';
export { SCRIPT_CLIENT_ID, WEB_CLIENT_ID, SCOPE } from './provider';
export { DEFAULT_AUDIENCE, DEFAULT_ISSUER_PATH, DEFAULT_PORT, loadConfig } from './config';
