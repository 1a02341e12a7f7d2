import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

/** The repository root (this file is packages/testing/src/service-process.ts). */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const OUTPUT_LIMIT = 64 * 1024;

export interface ServiceProcess {
  /** e.g. http://127.0.0.1:41235 */
  url: string;
  port: number;
  pid: number;
  /** The latest stdout and stderr of the process (at most 64 kB), to print when something fails. */
  output(): string;
  /** SIGTERM to the process group, SIGKILL if it has not exited after `stopTimeoutMs`. */
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  /** The workspace folder from the repository root, e.g. `services/licences`; runs its src/start.ts. */
  workspace: string;
  /** The service's configuration; PORT is set here, LOG_LEVEL defaults to `warn`. */
  env?: Record<string, string>;
  /** Default: a free port on 127.0.0.1. */
  port?: number;
  /** How long to wait for a 200 from /readyz. Default 20 s, below Jest's 30 s hook timeout. */
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  /**
   * Also copy the process's output to this process's stderr, not only keep it. Default: when
   * SHOW_SERVICE_OUTPUT=1 (to watch a service while its callers' tests run).
   */
  echo?: boolean;
}

/** A port nothing listens on right now: bound on 0 and closed again. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

/** A test run that ends (or is interrupted) takes its service processes with it. */
function killOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => running.forEach((child) => killGroup(child, 'SIGKILL')));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running.forEach((child) => killGroup(child, 'SIGKILL'));
      // Nobody else handles it: end as the signal would have without this handler.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts a service as its own process, as it runs in production (`tsx <workspace>/src/start.ts`,
 * configured by environment variables), and waits until its /readyz answers 200. A process that
 * exits or does not become ready in time fails with its own output in the error, so a broken
 * start reads as its real cause rather than a timeout. Services know each other only through
 * HTTP and events; this is how tests and benchmarks run the ones they do not test.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const cwd = path.join(ROOT, options.workspace);
  const echo = options.echo ?? process.env.SHOW_SERVICE_OUTPUT === '1';
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    if (echo) process.stderr.write(chunk);
  };
  killOnExit();
  // Same Node as this process; detached so the service and anything it starts form one group.
  const child = spawn(process.execPath, [TSX, path.join(cwd, 'src', 'start.ts')], {
    cwd,
    // METRICS_PORT 0: a free port, not PORT + 1000 (which another process may hold).
    env: { ...process.env, LOG_LEVEL: 'warn', METRICS_PORT: '0', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not be started: ${error.message}`));
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(`exited with ${signal ?? `code ${code}`}`);
    });
  });
  let exit: string | undefined;
  void exited.then((reason) => (exit = reason));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (exit === undefined) {
        killGroup(child, 'SIGTERM');
        const killed = setTimeout(() => killGroup(child, 'SIGKILL'), options.stopTimeoutMs ?? 10_000);
        await exited;
        clearTimeout(killed);
      }
      // Whatever it started and left behind goes with it (tsx runs the service in a child).
      killGroup(child, 'SIGKILL');
    })());
  const fail = async (reason: string): Promise<never> => {
    await stop();
    throw new Error(`${options.workspace} (${url}) ${reason}; its output:\n${output.trim() || '(nothing)'}`);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exit !== undefined) return fail(exit);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      // Checked again: an answer must come from our process, not one that took the port.
      if (response.ok && exit === undefined) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) return fail('did not answer 200 on /readyz in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, pid: child.pid!, output: () => output, stop };
}
