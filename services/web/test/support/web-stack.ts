import { startDevIdentityProvider, type DevIdentityProvider } from '@lmp/eulogin-dev';
import {
  createTestDatabase,
  createTestVhost,
  freePort,
  startServiceProcess,
  type ServiceProcess,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';

export interface WebStackOptions {
  /** Also start reporting (the Commission's dashboard) and route /reports to it. */
  reporting?: boolean;
  /** Also start transmissions (batches, feedback) and route /transmissions to it. */
  transmissions?: boolean;
  /** Lifetime of the issuer's access tokens (default 600 s), to see what expiry does. */
  accessTokenTtlSeconds?: number;
  /** The web service's environment on top of the test defaults (e.g. NODE_ENV). */
  webEnv?: Record<string, string>;
}

export interface WebStack {
  /** Where the browser opens the pages, e.g. http://localhost:41235 */
  webUrl: string;
  gatewayUrl: string;
  issuer: string;
  /** The web service's database (schema web), for tests that look at the sessions table. */
  webDatabase: TestDatabase;
  /** Starts another web service on the same stack (e.g. with NODE_ENV=production); stopped with the stack. */
  startAnotherWeb(env?: Record<string, string>): Promise<{ url: string; process: ServiceProcess }>;
  stop(): Promise<void>;
}

/**
 * The platform as a browser meets it: the development EU Login (in-process, a real OIDC issuer),
 * licences (and reporting, transmissions when asked) and the gateway as processes with their own
 * databases and vhost, then the web service as a process. Tear down with `stop()`.
 */
export async function startWebStack(options: WebStackOptions = {}): Promise<WebStack> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stoppers.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    // The web service's port is chosen first: its redirect URI must be registered at the issuer.
    const webPorts = [await freePort(), await freePort()];
    const webUrls = webPorts.map((port) => `http://localhost:${port}`);
    const idp: DevIdentityProvider = await startDevIdentityProvider({
      port: 0,
      redirectUris: webUrls.map((url) => `${url}/auth/callback`),
      ...(options.accessTokenTtlSeconds && { accessTokenTtlSeconds: options.accessTokenTtlSeconds }),
    });
    stoppers.push(() => idp.stop());
    const vhost: TestVhost = await createTestVhost();
    stoppers.push(() => vhost.drop());
    const quiet = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DATABASE_POOL_SIZE: '4', METRICS_PORT: '0' };
    const service = async (name: string, env: Record<string, string> = {}) => {
      const database = await createTestDatabase({ services: [name] });
      stoppers.push(() => database.drop());
      const started = await startServiceProcess({
        workspace: `services/${name}`,
        env: { ...quiet, DATABASE_URL: database.urlFor(name), RABBITMQ_URL: vhost.url, OUTBOX_POLL_INTERVAL_MS: '200', ...env },
      });
      stoppers.push(() => started.stop());
      return started;
    };
    const licences = await service('licences');
    const reporting = options.reporting ? await service('reporting', { LICENCES_SNAPSHOT_URL: licences.url }) : undefined;
    const transmissions = options.transmissions ? await service('transmissions') : undefined;
    const gateway = await startServiceProcess({
      workspace: 'services/gateway',
      env: {
        ...quiet,
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: 'lmp-gateway',
        LICENCES_URL: licences.url,
        ...(reporting && { REPORTING_URL: reporting.url }),
        ...(transmissions && { TRANSMISSIONS_URL: transmissions.url }),
        RATE_LIMIT_PER_USER: '100000',
        RATE_LIMIT_PER_ADDRESS: '100000',
      },
    });
    stoppers.push(() => gateway.stop());
    const webDatabase = await createTestDatabase({ services: ['web'] });
    stoppers.push(() => webDatabase.drop());
    const startWeb = async (port: number, env: Record<string, string> = {}) => {
      const web = await startServiceProcess({
        workspace: 'services/web',
        port,
        env: {
          ...quiet,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          DATABASE_URL: webDatabase.urlFor('web'),
          GATEWAY_URL: gateway.url,
          OIDC_ISSUER: idp.issuer,
          PUBLIC_URL: `http://localhost:${port}`,
          ...env,
        },
      });
      stoppers.push(() => web.stop());
      return web;
    };
    await startWeb(webPorts[0]!, options.webEnv);
    let another = false;
    return {
      webUrl: webUrls[0]!,
      gatewayUrl: gateway.url,
      issuer: idp.issuer,
      webDatabase,
      async startAnotherWeb(env) {
        if (another) throw new Error('startAnotherWeb: one more web service per stack');
        another = true;
        const started = await startWeb(webPorts[1]!, env);
        return { url: webUrls[1]!, process: started };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
