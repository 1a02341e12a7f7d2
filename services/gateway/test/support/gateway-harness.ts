import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { connectBus, type Bus } from '@lmp/bus';
import type { AnyEnvelope, Company } from '@lmp/contracts';
import {
  DEFAULT_ISSUER_PATH,
  getAccessToken,
  startDevIdentityProvider,
  subjectFor,
  type DevIdentityProvider,
} from '@lmp/eulogin-dev';
import { createLogger } from '@lmp/logger';
import {
  createTestDatabase,
  createTestVhost,
  startServiceProcess,
  type ServiceProcess,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import { ZGatewayConfig } from '../../src/config';
import { startGateway, type Gateway } from '../../src/start';
import { aCompany } from './builders';
import { startCountingProxy, type CountingProxy } from './counting-proxy';
import { ApiClient } from './http-client';

export const AUDIENCE = 'lmp-gateway';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A PS512 key pair like the ones EU Login signs with. */
export async function aSigningKey(
  kid = `test-${randomUUID().slice(0, 8)}`,
): Promise<SigningKey & { privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('PS512', {
    extractable: true,
    modulusLength: 2048,
  });
  return {
    kid,
    privateKey,
    privateJwk: { ...(await exportJWK(privateKey)), kid },
    publicJwk: { ...(await exportJWK(publicKey)), kid },
  };
}

export interface GatewayHarnessOptions {
  /** Gateway environment on top of the test defaults (rate limits raised, silent logs). */
  env?: Record<string, string>;
  /** Start the licences service as its own process (own database and vhost). Default true. */
  licences?: boolean;
  /** Put the issuer behind a proxy that counts requests, for `jwksRequests()`. Default false. */
  countIssuerRequests?: boolean;
  /**
   * Start the reporting service as its own process (own database; the licences service's vhost,
   * so it reads the events licences publishes) and route /reports to it. Default false.
   */
  reporting?: boolean;
}

export interface GatewayHarness {
  url: string;
  gateway: Gateway;
  idp: DevIdentityProvider;
  /** The issuer's (first) signing key: tokens forged with it carry a valid signature. */
  issuerKey: SigningKey;
  /** The licences service, a process of its own: the gateway reaches it only over HTTP. */
  licences?: ServiceProcess;
  /** The reporting service, a process of its own; needs `reporting`. */
  reporting?: ServiceProcess;
  /** How many times the issuer's key set (jwks_uri) was requested; needs `countIssuerRequests`. */
  jwksRequests(): number;
  /** A real access token from the development issuer, through the code flow. */
  tokenFor(email: string, name?: string): Promise<string>;
  /** A client signed in as a new, unique operator (a real token). */
  operator(): Promise<ApiClient & { email: string }>;
  /** An operator whose company is registered. */
  operatorWithCompany(): Promise<ApiClient & { email: string; company: Company }>;
  commission(): Promise<ApiClient & { email: string }>;
  client(token?: string): ApiClient;
  /** A token with the given claims and header, signed with `key` (default: the issuer's own key). */
  forge(options?: {
    claims?: JWTPayload;
    omit?: string[];
    header?: Record<string, unknown>;
    key?: SigningKey;
  }): Promise<string>;
  /** Publishes events on the licences (and reporting) service's broker, as another service would. */
  publish(events: AnyEnvelope[]): Promise<void>;
  stop(): Promise<void>;
}

const unique = () => randomUUID().slice(0, 8);

export async function startGatewayHarness(options: GatewayHarnessOptions = {}): Promise<GatewayHarness> {
  const issuerKey = await aSigningKey();
  let proxy: CountingProxy | undefined;
  if (options.countIssuerRequests) proxy = await startCountingProxy();
  const idp = await startDevIdentityProvider({
    port: 0,
    keys: [issuerKey.privateJwk],
    audience: AUDIENCE,
    // Behind the proxy, the issuer's identifier (and so every URL it publishes) is the proxy's.
    ...(proxy && { issuer: `${proxy.url}${DEFAULT_ISSUER_PATH}` }),
  });
  if (proxy) proxy.target = idp.url;
  let database: TestDatabase | undefined;
  let vhost: TestVhost | undefined;
  let licences: ServiceProcess | undefined;
  let bus: Bus | undefined;
  if (options.licences !== false) {
    database = await createTestDatabase({ services: ['licences'] });
    vhost = await createTestVhost();
    licences = await startServiceProcess({
      workspace: 'services/licences',
      env: {
        DATABASE_URL: database.urlFor('licences'),
        RABBITMQ_URL: vhost.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        OUTBOX_POLL_INTERVAL_MS: '200',
        DATABASE_POOL_SIZE: '8',
        METRICS_PORT: '0', // not PORT + 1000, which another test's process may hold
      },
    }).catch(async (error: unknown) => {
      await vhost?.drop();
      await database?.drop();
      await proxy?.close();
      await idp.stop().catch(() => undefined);
      throw error;
    });
  }
  let reportingDatabase: TestDatabase | undefined;
  let reporting: ServiceProcess | undefined;
  if (options.reporting) {
    vhost ??= await createTestVhost();
    reportingDatabase = await createTestDatabase({ services: ['reporting'] });
    reporting = await startServiceProcess({
      workspace: 'services/reporting',
      env: {
        DATABASE_URL: reportingDatabase.urlFor('reporting'),
        RABBITMQ_URL: vhost.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        DATABASE_POOL_SIZE: '4',
        METRICS_PORT: '0',
      },
    }).catch(async (error: unknown) => {
      await licences?.stop();
      await vhost?.drop();
      await database?.drop();
      await reportingDatabase?.drop();
      await proxy?.close();
      await idp.stop().catch(() => undefined);
      throw error;
    });
  }
  const gateway = await startGateway(
    ZGatewayConfig.parse({
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      LICENCES_URL: licences?.url ?? 'http://127.0.0.1:9',
      ...(reporting && { REPORTING_URL: reporting.url }),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      RATE_LIMIT_PER_USER: '100000',
      RATE_LIMIT_PER_ADDRESS: '100000',
      ...options.env,
    }),
  );
  const url = `http://127.0.0.1:${gateway.port}`;
  const tokens = new Map<string, string>();
  const tokenFor = async (email: string, name?: string) => {
    const cached = tokens.get(email);
    if (cached) return cached;
    const token = await getAccessToken({ issuer: idp.issuer, email, name });
    tokens.set(email, token);
    return token;
  };
  const signedIn = async (email: string) =>
    Object.assign(new ApiClient(url, await tokenFor(email)), { email });

  return {
    url,
    gateway,
    idp,
    issuerKey,
    licences,
    reporting,
    jwksRequests() {
      if (!proxy) throw new Error('start the harness with countIssuerRequests to count key set requests');
      return proxy.count(new URL(idp.jwksUri).pathname);
    },
    tokenFor,
    operator: () => signedIn(`operator.${unique()}@company-${unique()}.example`),
    async operatorWithCompany() {
      const api = await signedIn(`operator.${unique()}@company-${unique()}.example`);
      const response = await api.put('/me/company', aCompany());
      if (response.status !== 201)
        throw new Error(`company not created: ${response.status} ${response.text}`);
      return Object.assign(api, { company: response.body as Company });
    },
    commission: () => signedIn(`analyst.${unique()}@ec.europa.eu`),
    client: (token) => new ApiClient(url, token),
    async forge({ claims = {}, omit = [], header = {}, key = issuerKey } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const email = `forged.${unique()}@company.example`;
      const payload: JWTPayload = {
        iss: idp.issuer,
        aud: AUDIENCE,
        sub: subjectFor(email),
        email,
        email_verified: true,
        name: 'Forged Person',
        iat: now,
        exp: now + 300,
        ...claims,
      };
      for (const claim of omit) delete payload[claim];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'PS512', typ: 'at+jwt', kid: key.kid, ...header })
        .sign(key.privateKey);
    },
    async publish(events) {
      if (!vhost) throw new Error('no licences or reporting service in this harness');
      bus ??= await connectBus({
        url: vhost.url,
        connectionName: 'gateway-test',
        logger: createLogger({ name: 'gateway-test', level: 'silent' }),
      });
      await bus.publish(events);
    },
    async stop() {
      await gateway.stop();
      await bus?.close();
      await reporting?.stop();
      await licences?.stop();
      await vhost?.drop();
      await database?.drop();
      await reportingDatabase?.drop();
      await idp.stop().catch(() => undefined);
      await proxy?.close();
    },
  };
}
