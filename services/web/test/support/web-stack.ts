import { startDevIdentityProvider, type DevIdentityProvider } from '@lmp/eulogin-dev';
import {
  createTestDatabase,
  createTestVhost,
  freePort,
  startServiceProcess,
  startTestSmtpServer,
  type ServiceProcess,
  type TestSmtpServer,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';

export interface WebStackOptions {
  /** Also start reporting (the Commission's dashboard) and route /reports to it. */
  reporting?: boolean;
  /** Also start transmissions (batches, feedback) and route /transmissions to it. */
  transmissions?: boolean;
  /**
   * Also start messaging (threads, inbox, broadcasts, notification settings) with its own database,
   * sending its mail to a test SMTP server (`stack.smtp`), and route /messages, /me/notifications to it.
   */
  messaging?: boolean;
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
  /** The SMTP server messaging sends to (when started with `messaging: true`). */
  smtp?: TestSmtpServer;
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
    let smtp: TestSmtpServer | undefined;
    let messaging: ServiceProcess | undefined;
    if (options.messaging) {
      const mailServer = await startTestSmtpServer();
      smtp = mailServer;
      stoppers.push(() => mailServer.stop());
      messaging = await service('messaging', {
        SMTP_HOST: mailServer.host,
        SMTP_PORT: String(mailServer.port),
        MAIL_POLL_INTERVAL_MS: '200',
        MAIL_RETRY_BASE_MS: '50',
        MAIL_RETRY_MAX_MS: '300',
        COMMISSION_MAILBOX: 'trade-inbox@ec.europa.eu',
        PUBLIC_BASE_URL: `http://localhost:${webPorts[0]!}`,
        // Once a year: no reminder or digest runs during a test.
        STALE_REMINDER_CRON: '0 0 1 1 *',
        DAILY_DIGEST_CRON: '0 0 1 1 *',
      });
    }
    const gateway = await startServiceProcess({
      workspace: 'services/gateway',
      env: {
        ...quiet,
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: 'lmp-gateway',
        LICENCES_URL: licences.url,
        ...(reporting && { REPORTING_URL: reporting.url }),
        ...(transmissions && { TRANSMISSIONS_URL: transmissions.url }),
        ...(messaging && { MESSAGING_URL: messaging.url }),
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
      ...(smtp && { smtp }),
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
