import type { JWK } from 'jose';
import type { Logger } from './logger';
import type { DemoUser } from './users';

export interface DevIdentityProviderOptions {
  /** 0 picks a free port. Default 7080. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Default /cas/oauth2, like EU Login. Ignored when `issuer` is given. */
  issuerPath?: string;
  /** Full issuer URL when it differs from the listening address (containers, proxies). */
  issuer?: string;
  /** `aud` of access tokens. Default lmp-gateway. */
  audience?: string;
  /** Private PS512 (RSA) JWKs, first one signs. Generated when absent. */
  keys?: JWK[];
  users?: DemoUser[];
  /** Redirect URIs of the web client lmp-web. */
  redirectUris?: string[];
  /** Default 600 (10 minutes). */
  accessTokenTtlSeconds?: number;
  logger?: Logger;
}
