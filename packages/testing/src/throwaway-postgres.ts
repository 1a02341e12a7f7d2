// A PostgreSQL cluster of its own for one test suite, for tests that must stop and start the
// server for real (`pg_ctl stop -m immediate`, as a crash or a failover does): terminating
// backends on the shared server does not show what a restart does (connections refused, crash
// recovery, every client erroring at once), and stopping the shared server would break everyone.
//
//   const pg = await startThrowawayPostgres();       // initdb + start, about a second
//   const db = await createTestDatabase({ services: ['licences'], adminUrl: pg.url });
//   await pg.stop({ mode: 'immediate' }); … await pg.start();
//   await pg.destroy();                              // in afterAll: stops it, removes its files
//
// Debian's binaries (/usr/lib/postgresql/<newest>/bin, or PG_BIN_DIR); initdb refuses root, so
// as root the server runs as the `postgres` user (runuser). Trust auth, 127.0.0.1 on a free port,
// fsync off, its socket, data and log in one mkdtemp folder.
import { execFile, spawn } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PostgresStopMode = 'smart' | 'fast' | 'immediate';

export interface ThrowawayPostgres {
  /** Superuser URL, e.g. `postgres://postgres@127.0.0.1:54321/postgres`; an admin URL for createTestDatabase. */
  url: string;
  port: number;
  /** The cluster's data directory (its log is `<dataDir>/../postgres.log`). */
  dataDir: string;
  /** `pg_ctl stop -m <mode>` (default fast); `immediate` is a crash: no checkpoint, recovery at start. */
  stop(options?: { mode?: PostgresStopMode } | PostgresStopMode): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  restart(options?: { mode?: PostgresStopMode }): Promise<void>;
  isRunning(): Promise<boolean>;
  /** Stops the server (immediately) and deletes its files. Safe to call twice. */
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  const asPostgres = process.getuid?.() === 0;
  const root = mkdtempSync('/tmp/lmp-throwaway-pg-'); // not os.tmpdir(): postgres must enter it
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  if (asPostgres) {
    const { uid, gid } = postgresUser();
    chownSync(root, uid, gid);
  }
  const pgCtl = (...args: string[]) => runAs(asPostgres, join(bin, 'pg_ctl'), args, root);
  // The server must not outlive the test process, even one killed before its afterAll ran (and
  // Jest's sandboxed `process` never sees the real exit): a detached shell waits for this process
  // to end, then stops the server and removes the folder. destroy() ends it first.
  const watchdog = spawn(
    'sh',
    [
      '-c',
      WATCHDOG,
      'lmp-pg-watchdog',
      String(process.pid),
      root,
      ...commandAs(asPostgres, join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w']).flat(),
    ],
    { detached: true, stdio: 'ignore', cwd: '/' },
  );
  watchdog.unref();

  let destroyed = false;
  const removeFiles = () => rmSync(root, { recursive: true, force: true });
  const fail = (error: unknown, what: string): never => {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    if (watchdog.pid) process.kill(watchdog.pid);
    removeFiles();
    throw new Error(`throwaway PostgreSQL ${what}: ${(error as Error).message}\n${log}`, { cause: error });
  };

  await runAs(
    asPostgres,
    join(bin, 'initdb'),
    ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    root,
  ).catch((error: unknown) => fail(error, 'initdb failed'));

  // A free port can be taken by someone else before the server binds it: try a few.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    appendFileSync(join(dataDir, 'postgresql.conf'), settings(port, root)); // the last setting wins
    try {
      await pgCtl('start', '-D', dataDir, '-l', logFile, '-w', '-t', '60');
      break;
    } catch (error) {
      if (attempt >= 3) fail(error, 'did not start');
    }
  }

  const cluster: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop(options = {}) {
      const mode = typeof options === 'string' ? options : (options.mode ?? 'fast');
      await pgCtl('stop', '-D', dataDir, '-m', mode, '-w', '-t', '60');
    },
    async start() {
      await pgCtl('start', '-D', dataDir, '-l', logFile, '-w', '-t', '60');
    },
    async restart(options = {}) {
      await cluster.stop(options);
      await cluster.start();
    },
    async isRunning() {
      return pgCtl('status', '-D', dataDir).then(
        () => true,
        () => false,
      );
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      if (await cluster.isRunning()) await cluster.stop({ mode: 'immediate' }).catch(() => undefined);
      if (watchdog.pid && watchdog.exitCode === null) process.kill(watchdog.pid);
      removeFiles();
    },
  };
  return cluster;
}

const WATCHDOG = `owner=$1; root=$2; shift 2
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
"$@" >/dev/null 2>&1; rm -rf "$root"`;

function settings(port: number, socketDir: string): string {
  return [
    '',
    '# throwaway test cluster (startThrowawayPostgres)',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    // Safe while the machine itself does not crash: the kernel still holds what was written.
    // Not synchronous_commit = off: an immediate stop would lose the last acknowledged commits.
    'fsync = off',
    'full_page_writes = off',
    'shared_buffers = 32MB',
    'max_connections = 50',
    '',
  ].join('\n');
}

/** PG_BIN_DIR, else the newest /usr/lib/postgresql/<version>/bin (Debian), else the PATH. */
function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(base, versions[0], 'bin') : '';
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root needs a `postgres` user to run initdb and the server');
  return { uid: Number(uid), gid: Number(gid) };
}

function commandAs(asPostgres: boolean, command: string, args: string[]): [string, string[]] {
  return asPostgres ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function runAs(asPostgres: boolean, command: string, args: string[], cwd: string): Promise<string> {
  const [file, argv] = commandAs(asPostgres, command, args);
  try {
    const { stdout } = await run(file, argv, { cwd, timeout: 90_000 });
    return stdout;
  } catch (error) {
    const output = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${output.stderr || output.stdout || output.message}`,
      {
        cause: error,
      },
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
