import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createIdentitySigner, identityJwk, IDENTITY_HEADER } from '@lmp/auth';
import {
  anIdentity,
  call,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import type { LicencesService } from '../src/start';
import { aCompany } from './support/builders';
import { startLicencesForTests } from './support/start-for-tests';
import { startHarness, type Harness } from './support/licences-harness';

/** The committed development key, as someone would paste it into IDENTITY_PUBLIC_KEY. */
const DEV_PUBLIC_KEY = identityJwk('public', undefined);

async function aKeyPairOfItsOwn(): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const kid = 'gateway-prod-1';
  return {
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'EdDSA', kid },
    privateJwk: { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid },
  };
}

/** This machine's first address other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;
}

/** Resolves 'connected' or the error code of a TCP connection attempt. */
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

describe('licences service security', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    vhost = await createTestVhost();
  });
  afterAll(async () => {
    await vhost.drop();
    await database.drop();
  });
  const start = (env: Record<string, string>) =>
    startLicencesForTests(database.urlFor('licences'), vhost.url, env);

  describe('in production (NODE_ENV=production)', () => {
    it.each([
      ['the committed development key', DEV_PUBLIC_KEY],
      ['a copy of the development key under another kid', { ...DEV_PUBLIC_KEY, kid: 'gateway-prod-1' }],
      ['the development key without kid, alg or use', { kty: 'OKP', crv: 'Ed25519', x: DEV_PUBLIC_KEY.x }],
    ])('refuses to start with %s as IDENTITY_PUBLIC_KEY', async (_what, key) => {
      await expect(
        start({ NODE_ENV: 'production', IDENTITY_PUBLIC_KEY: JSON.stringify(key) }),
      ).rejects.toThrow(
        /^IDENTITY_PUBLIC_KEY is the development key committed in packages\/auth\/dev-keys.*production needs a key pair of its own/,
      );
    });

    it('refuses to start without IDENTITY_PUBLIC_KEY', async () => {
      await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(
        'IDENTITY_PUBLIC_KEY must be set in production',
      );
    });

    describe('with a key pair of its own', () => {
      let service: LicencesService;
      let privateJwk: JWK;
      beforeAll(async () => {
        const keys = await aKeyPairOfItsOwn();
        privateJwk = keys.privateJwk;
        service = await start({
          NODE_ENV: 'production',
          IDENTITY_PUBLIC_KEY: JSON.stringify(keys.publicJwk),
        });
      });
      afterAll(async () => {
        await service.stop();
      });

      it('starts, and accepts identities signed with that key', async () => {
        const sign = createIdentitySigner(privateJwk);
        const token = await sign(anIdentity({ role: 'commission', email: 'analyst@ec.europa.eu' }), {
          audience: 'lmp-licences',
        });

        const response = await call(service.url, 'GET', '/api/v1/licences', {
          headers: { [IDENTITY_HEADER]: token },
        });

        expect(response.status).toBe(200);
      });

      it('answers 401 to an identity forged with the committed development key', async () => {
        const forged = await identityHeaders(anIdentity({ role: 'commission', email: 'boss@ec.europa.eu' }));

        const response = await call(service.url, 'GET', '/api/v1/licences', { headers: forged });

        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
      });
    });
  });

  describe('listening', () => {
    const external = externalAddress();
    const withExternal = external ? it : it.skip;
    if (!external)
      console.warn('licences security: no non-loopback IPv4 address here, listening tests skipped');

    withExternal(
      'listens on 127.0.0.1 only by default: the API and metrics ports refuse other addresses',
      async () => {
        const service = await start({});
        try {
          expect(await tryConnect('127.0.0.1', service.port)).toBe('connected');
          expect(await tryConnect(external!, service.port)).toBe('ECONNREFUSED');
          expect(await tryConnect(external!, service.metricsPort)).toBe('ECONNREFUSED');
        } finally {
          await service.stop();
        }
      },
    );

    withExternal('listens on every interface when HOST=0.0.0.0 (the containers and k8s)', async () => {
      const service = await start({ HOST: '0.0.0.0' });
      try {
        expect(await tryConnect(external!, service.port)).toBe('connected');
      } finally {
        await service.stop();
      }
    });
  });
});

describe('identity token audience', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const commission = () => anIdentity({ role: 'commission', email: 'analyst@ec.europa.eu' });

  it('accepts a token the gateway signed for licences', async () => {
    const response = await call(h.url, 'GET', '/api/v1/licences', {
      headers: await identityHeaders(commission(), { audience: 'lmp-licences' }),
    });
    expect(response.status).toBe(200);
  });

  it.each(['lmp-reporting', 'lmp-transmissions', 'lmp-messaging', 'lmp-gateway', 'lmp-services'])(
    'answers 401 to a token signed for %s, taken from another service’s traffic',
    async (audience) => {
      const response = await call(h.url, 'GET', '/api/v1/licences', {
        headers: await identityHeaders(commission(), { audience }),
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    },
  );

  it('answers 401 to a write with another service’s token, and changes nothing', async () => {
    const operator = await h.operatorWithCompany();
    const identity = operator.identity;

    const response = await call(h.url, 'PUT', '/api/v1/me/company', {
      body: aCompany({ name: 'Taken Over Ltd' }),
      headers: await identityHeaders(identity, { audience: 'lmp-reporting' }),
    });

    expect(response.status).toBe(401);
    expect((await operator.get('/me')).body.company).toMatchObject({ name: operator.company.name });
  });
});
