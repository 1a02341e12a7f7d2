// The other parts of the platform as their own processes, for tests that go through the gateway
// with real EU Login tokens: the development issuer (services/eulogin-dev) and its token CLI.
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ISSUER_DIR = path.join(ROOT, 'services', 'eulogin-dev');
const run = promisify(execFile);

export interface IssuerProcess {
  issuer: string;
  stop(): Promise<void>;
}

/** services/eulogin-dev on a free port; resolves once it prints its issuer. */
export function startIssuerProcess(): Promise<IssuerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, path.join(ISSUER_DIR, 'src', 'start.ts')], {
      cwd: ISSUER_DIR,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', AUDIENCE: 'lmp-gateway', NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`eulogin-dev did not start: ${output}`)), 20_000);
    const stop = async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      await exited;
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop();
      reject(error);
    };
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /eulogin-dev issuer (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ issuer: match[1]!, stop });
    });
    child.once('exit', (code) => fail(new Error(`eulogin-dev exited with ${code}: ${output}`)));
  });
}

/** An access token for this address, signed in through the issuer's code flow by its own CLI. */
export async function accessTokenFor(issuer: string, email: string, name: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      TSX,
      path.join(ISSUER_DIR, 'src', 'cli', 'token.ts'),
      '--email',
      email,
      '--name',
      name,
      '--issuer',
      issuer,
    ],
    { cwd: ISSUER_DIR },
  );
  return stdout.trim();
}
