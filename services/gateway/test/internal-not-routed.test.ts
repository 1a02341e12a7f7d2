import { request } from 'node:http';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

const SERVICES = ['licences', 'reporting', 'transmissions', 'messaging'] as const;

/**
 * Reporting's development snapshot key, as docs/security.md ("Internal snapshot") documents it:
 * the licences service accepts it when SNAPSHOT_CLIENTS is unset outside production.
 */
const DEVELOPMENT_REPORTING_KEY = 'lmp-development-only-snapshot-key-reporting';

/** One request with its path sent exactly as written (fetch would resolve `..` and re-encode). */
function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; contentType: string | undefined }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body, contentType: res.headers['content-type'] }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const ATTEMPTS = [
  '/internal/v1/snapshot/licences',
  '/internal/v1/snapshot/companies',
  '/INTERNAL/v1/snapshot/licences',
  '/api/v1/internal/v1/snapshot/licences',
  '/api/internal/v1/snapshot/licences',
  '/api/v1/../../internal/v1/snapshot/licences',
  '/api/v1/%2e%2e/%2e%2e/internal/v1/snapshot/licences',
  '/api/v1/licences/../../../internal/v1/snapshot/licences',
  '/api/v1/me/..%2f..%2f..%2finternal/v1/snapshot/licences',
  '/api/v1//internal/v1/snapshot/licences',
  '/api/v1/internal%2fv1%2fsnapshot%2flicences',
];

describe('the internal snapshot through the gateway', () => {
  describe('with every service a capture of what reaches it', () => {
    let h: GatewayHarness;
    let services: Record<(typeof SERVICES)[number], CaptureService>;
    let token: string;
    beforeAll(async () => {
      services = Object.fromEntries(
        await Promise.all(SERVICES.map(async (name) => [name, await startCaptureService(name)] as const)),
      ) as typeof services;
      h = await startGatewayHarness({
        licences: false,
        env: Object.fromEntries(SERVICES.map((name) => [`${name.toUpperCase()}_URL`, services[name].url])),
      });
      token = await h.tokenFor('claire.dubois@ec.europa.eu'); // Commission: allowed everywhere
    });
    afterAll(async () => {
      await h.stop();
      await Promise.all(SERVICES.map((name) => services[name].close()));
    });

    it.each(ATTEMPTS)('answers 404 to the Commission’s GET %s and forwards nothing', async (path) => {
      const response = await rawRequest(h.url, 'GET', path, { authorization: `Bearer ${token}` });

      expect(response.status).toBe(404);
      expect(response.contentType).toContain('application/problem+json');
      expect(SERVICES.flatMap((name) => services[name].requests)).toEqual([]);
    });

    it.each(['HEAD', 'POST', 'PUT', 'DELETE'])(
      'forwards no %s of the internal paths either',
      async (method) => {
        for (const path of ATTEMPTS) {
          const response = await rawRequest(h.url, method, path, { authorization: `Bearer ${token}` });
          expect([400, 404, 405]).toContain(response.status);
        }
        expect(SERVICES.flatMap((name) => services[name].requests)).toEqual([]);
      },
    );
  });

  describe('with the real licences service behind it', () => {
    let h: GatewayHarness;
    beforeAll(async () => {
      h = await startGatewayHarness();
    }, 60_000);
    afterAll(async () => {
      await h.stop();
    });

    it('answers 404 to a snapshot client’s key at the gateway, while licences itself serves it', async () => {
      const key = { authorization: `Bearer ${DEVELOPMENT_REPORTING_KEY}` };

      const direct = await rawRequest(h.licences!.url, 'GET', '/internal/v1/snapshot/companies', key);
      const throughGateway = await rawRequest(h.url, 'GET', '/internal/v1/snapshot/companies', key);
      const underApi = await rawRequest(h.url, 'GET', '/api/v1/internal/v1/snapshot/companies', key);

      expect(direct.status).toBe(200);
      expect(direct.contentType).toBe('application/x-ndjson; charset=utf-8');
      expect(JSON.parse(direct.body.trim().split('\n').at(-1)!)).toMatchObject({ end: true });
      expect(throughGateway.status).toBe(404);
      // Under /api/v1 the key is no EU Login token: refused before any route is looked up.
      expect(underApi.status).toBe(401);
    });

    // Paths a licences route's parameter takes are forwarded unchanged; licences routes on the raw
    // path (an encoded slash is no separator, dot segments are not resolved), so each lands on
    // that route as one odd licence id, never on the snapshot.
    it.each([
      '/api/v1/licences/..%2f..%2f..%2finternal%2fv1%2fsnapshot%2flicences',
      '/api/v1/licences/..%2F..%2F..%2Finternal%2Fv1%2Fsnapshot%2Fcompanies',
      '/api/v1/licences/%2e%2e%2f%2e%2e%2f%2e%2e%2finternal%2fv1%2fsnapshot%2flicences',
      '/api/v1/licences/..%2f..%2f..%2finternal%2fv1%2fsnapshot/history',
      '/api/v1/licences/../history',
    ])('sends GET %s to a licence route of licences, which answers 404', async (path) => {
      const commission = await h.commission();

      const response = await rawRequest(h.url, 'GET', path, { authorization: `Bearer ${commission.token!}` });

      expect(response.status).toBe(404);
      expect(response.contentType).toContain('application/problem+json');
      expect(JSON.parse(response.body)).toMatchObject({ code: 'RESOURCE.NOT_FOUND' });
    });

    it('answers 404 to a signed-in Commission user asking the gateway for the snapshot', async () => {
      const commission = await h.commission();
      const response = await rawRequest(h.url, 'GET', '/api/v1/internal/v1/snapshot/licences', {
        authorization: `Bearer ${commission.token!}`,
      });

      expect(response.status).toBe(404);
    });
  });
});
