import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { JsonApiClient, startServiceProcess, type ServiceProcess } from '@lmp/testing';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);

/** A client of the public API, signed in with a real EU Login access token. */
export class GatewayClient extends JsonApiClient {
  constructor(
    baseUrl: string,
    readonly email: string,
    token: string,
  ) {
    super(baseUrl, () => ({ authorization: `Bearer ${token}` }));
  }
}

export interface PublicEntry {
  url: string;
  /** Signs in at the development issuer (code flow with PKCE, as the token command does). */
  signIn(email: string, name?: string): Promise<GatewayClient>;
  stop(): Promise<void>;
}

/** The development issuer as its own process (`eulogin-dev`); resolves once it printed its issuer. */
async function startIssuer(): Promise<{ issuer: string; stop(): Promise<void> }> {
  const cwd = path.join(ROOT, 'services', 'eulogin-dev');
  const child = spawn(process.execPath, [TSX, path.join(cwd, 'src', 'start.ts')], {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AUDIENCE: 'lmp-gateway' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // gone already
    }
  };
  process.once('exit', () => killGroup('SIGKILL'));
  let output = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`eulogin-dev did not start: ${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /eulogin-dev issuer (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`eulogin-dev exited with ${code}: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    issuer,
    async stop() {
      killGroup('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      killGroup('SIGKILL');
    },
  };
}

/**
 * The platform's public entry point in front of a licences service under test: the development
 * issuer and the gateway, each a process of its own, as they run in production. Tokens come from
 * the issuer's `token` command (a real sign-in), so the gateway checks real signatures.
 */
export async function startPublicEntry(licencesUrl: string): Promise<PublicEntry> {
  const idp = await startIssuer();
  let gateway: ServiceProcess;
  try {
    gateway = await startServiceProcess({
      workspace: 'services/gateway',
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: 'lmp-gateway',
        LICENCES_URL: licencesUrl,
        RATE_LIMIT_PER_USER: '100000',
        RATE_LIMIT_PER_ADDRESS: '100000',
        LOG_LEVEL: 'warn',
      },
    });
  } catch (error) {
    await idp.stop();
    throw error;
  }
  return {
    url: gateway.url,
    async signIn(email, name) {
      const { stdout } = await run(
        process.execPath,
        [
          TSX,
          'src/cli/token.ts',
          '--issuer',
          idp.issuer,
          '--email',
          email,
          ...(name ? ['--name', name] : []),
        ],
        { cwd: path.join(ROOT, 'services', 'eulogin-dev') },
      );
      return new GatewayClient(gateway.url, email, stdout.trim());
    },
    async stop() {
      await gateway.stop();
      await idp.stop();
    },
  };
}
