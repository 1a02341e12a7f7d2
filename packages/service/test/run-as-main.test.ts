import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { waitUntil } from '@lmp/testing';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'tiny-service.ts');

interface Run {
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function runFixture(env: Record<string, string> = {}): Run {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        lines.push({ text: part });
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { lines, exited, kill: (signal) => child.kill(signal) };
}

const listening = (run: Run) =>
  waitUntil(() => run.lines.find((l) => l.msg === 'tiny service listening'), 'the service listening', 30_000);

describe('runAsMain', () => {
  it('stops the service on SIGTERM (onStop runs, HTTP closes) and exits 0', async () => {
    const run = runFixture();
    const ready = await listening(run);
    expect((await fetch(`http://127.0.0.1:${ready.port}/hello`)).status).toBe(200);

    run.kill('SIGTERM');

    expect(await run.exited).toBe(0);
    const messages = run.lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'onStop ran', 'tiny service stopped']));
    await expect(fetch(`http://127.0.0.1:${ready.port}/hello`)).rejects.toThrow();
  });

  it('lets a request in flight on a keep-alive connection finish, then stops cleanly (exit 0)', async () => {
    // A minute to drain: only closing the connection once it falls idle ends the stop in time.
    const run = runFixture({ SHUTDOWN_TIMEOUT_MS: '60000' });
    const ready = await listening(run);
    const agent = new http.Agent({ keepAlive: true });
    const answer = new Promise<{ status?: number }>((resolve, reject) =>
      http
        .get(`http://127.0.0.1:${ready.port}/slow`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode }));
        })
        .on('error', reject),
    );
    await waitUntil(
      () => run.lines.find((l) => l.msg === 'slow request started'),
      'the slow request in flight',
    );

    run.kill('SIGTERM');

    expect(await answer).toEqual({ status: 200 });
    // Without closing the kept-alive connection once idle, the server would wait out its 65 s
    // keep-alive timeout (or the minute above) and this test its own timeout.
    expect(await run.exited).toBe(0);
    expect(run.lines.map((l) => l.msg)).toContain('onStop ran');
    agent.destroy();
  });

  it('exits 1 when a shutdown step fails, after running the others', async () => {
    const run = runFixture({ FAIL_WITH: 'stop' });
    await listening(run);

    run.kill('SIGTERM');

    expect(await run.exited).toBe(1);
    expect(run.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'shutdown step failed', what: 'onStop' }),
        expect.objectContaining({ level: 60, msg: 'shutdown failed' }),
      ]),
    );
  });

  it.each([
    ['rejection', 'unhandledRejection', 'nobody caught me'],
    ['exception', 'uncaughtException', 'thrown in a timer'],
  ])(
    'on an unhandled %s reports it through the error path, shuts down and exits 1',
    async (failWith, where, message) => {
      const run = runFixture({ FAIL_WITH: failWith });

      expect(await run.exited).toBe(1);

      const report = run.lines.find((l) => l.where === where);
      expect(report).toMatchObject({ level: 60, msg: `${where} failed`, err: { message } });
      expect(run.lines.map((l) => l.msg)).toContain('onStop ran');
    },
  );
});
