import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { exportJWK, generateKeyPair } from 'jose';
import { identityJwk } from '@lmp/auth';
import { ZGatewayConfig } from '../src/config';
import { startGateway } from '../src/start';

/** The committed development private key, as someone would paste it into IDENTITY_PRIVATE_KEY. */
const DEV_PRIVATE_KEY = identityJwk('private', undefined);

/** Production settings that would start, but for the identity key. */
const production = (env: Record<string, string>) =>
  ZGatewayConfig.parse({
    NODE_ENV: 'production',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    // Not contacted at start: the issuer's keys are fetched on the first request that needs them.
    OIDC_ISSUER: 'https://eulogin.invalid/cas/oauth2',
    ...env,
  });

function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
}

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('gateway in production (NODE_ENV=production)', () => {
  it.each([
    ['the committed development key', DEV_PRIVATE_KEY],
    ['a copy of the development key under another kid', { ...DEV_PRIVATE_KEY, kid: 'gateway-prod-1' }],
  ])('refuses to start with %s as IDENTITY_PRIVATE_KEY', async (_what, key) => {
    await expect(startGateway(production({ IDENTITY_PRIVATE_KEY: JSON.stringify(key) }))).rejects.toThrow(
      /^IDENTITY_PRIVATE_KEY is the development key committed in packages\/auth\/dev-keys.*production needs a key pair of its own/,
    );
  });

  it('refuses to start without IDENTITY_PRIVATE_KEY', async () => {
    await expect(startGateway(production({}))).rejects.toThrow(
      'IDENTITY_PRIVATE_KEY must be set in production',
    );
  });

  it('starts with a key pair of its own', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const key = { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'gateway-prod-1' };

    const gateway = await startGateway(production({ IDENTITY_PRIVATE_KEY: JSON.stringify(key) }));
    try {
      expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});

describe('gateway listening', () => {
  const external = externalAddress();
  const withExternal = external ? it : it.skip;
  if (!external) console.warn('gateway security: no non-loopback IPv4 address here, listening test skipped');

  withExternal('listens on 127.0.0.1 only unless HOST says otherwise, metrics included', async () => {
    const gateway = await startGateway(
      ZGatewayConfig.parse({ PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'silent' }),
    );
    try {
      expect(await tryConnect('127.0.0.1', gateway.port)).toBe('connected');
      expect(await tryConnect('127.0.0.1', gateway.metricsPort)).toBe('connected');
      expect(await tryConnect(external!, gateway.port)).toBe('ECONNREFUSED');
      expect(await tryConnect(external!, gateway.metricsPort)).toBe('ECONNREFUSED');
    } finally {
      await gateway.stop();
    }
  });
});
