import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface ServiceProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a service as its own process (as in production, and so the load generator does not
 * share its event loop), then waits for /readyz.
 */
export async function startServiceProcess(options: {
  workspace: string;
  port: number;
  env: Record<string, string>;
}): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, options.workspace, 'src', 'start.ts')],
    {
      env: { ...process.env, LOG_LEVEL: 'warn', ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${options.workspace} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${options.workspace} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}
