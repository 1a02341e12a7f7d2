import { Worker } from 'node:worker_threads';

/**
 * A bare SMTP server on loopback for the messaging bench: the `smtp-server` package (the one
 * @lmp/testing's startTestSmtpServer wraps), which accepts every message and keeps nothing but
 * counts. It runs in a worker thread of its own, so neither the service under test nor the
 * bench's plain nodemailer client shares its event loop: both are measured against the same,
 * separate server. The test server would parse every message with mailparser, which at 10,000
 * mails would be the bottleneck instead of SMTP.
 *
 * Counters live in shared memory: accepted messages, bytes received, duplicate Message-IDs, and
 * the wall-clock instants (ms) of the first and the latest accepted message.
 */
export interface SmtpSink {
  host: string;
  port: number;
  accepted(): number;
  bytes(): number;
  /** Messages whose Message-ID the sink had already accepted (a resend). */
  duplicates(): number;
  /** Date.now() of the first and the latest accepted message (0 before any). */
  firstAt(): number;
  lastAt(): number;
  /** Resolves once `count` messages were accepted in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<number>;
  /** Forgets the counters (and the Message-IDs seen), so the next phase counts from zero. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const COUNTERS = { accepted: 0, bytes: 1, duplicates: 2, firstAt: 3, lastAt: 4 } as const;

// Plain JavaScript: the worker runs without tsx's loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { SMTPServer } = require(workerData.smtpServerPath);
const c = new BigInt64Array(workerData.counters);
const seen = new Set();
const server = new SMTPServer({
  logger: false,
  disabledCommands: ['STARTTLS', 'AUTH'],
  hideSTARTTLS: true,
  authOptional: true,
  closeTimeout: 1000,
  onData(stream, _session, callback) {
    let head = '';
    let bytes = 0;
    stream.on('data', (chunk) => {
      bytes += chunk.length;
      if (head.length < 16384 && !head.includes('\\r\\n\\r\\n')) head += chunk.toString('latin1');
    });
    stream.on('error', callback);
    stream.on('end', () => {
      const id = /^message-id:\\s*(\\S+)/im.exec(head);
      if (id && seen.has(id[1])) Atomics.add(c, ${COUNTERS.duplicates}, 1n);
      else if (id) seen.add(id[1]);
      const now = BigInt(Date.now());
      Atomics.compareExchange(c, ${COUNTERS.firstAt}, 0n, now);
      Atomics.store(c, ${COUNTERS.lastAt}, now);
      Atomics.add(c, ${COUNTERS.bytes}, BigInt(bytes));
      Atomics.add(c, ${COUNTERS.accepted}, 1n);
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'reset') {
    seen.clear();
    for (let i = 0; i < c.length; i++) Atomics.store(c, i, 0n);
    parentPort.postMessage('reset');
  }
  if (m === 'stop') server.close(() => process.exit(0));
});
`;

export async function startSmtpSink(): Promise<SmtpSink> {
  const counters = new SharedArrayBuffer(8 * 8);
  const view = new BigInt64Array(counters);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { counters, smtpServerPath: require.resolve('smtp-server') },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { port: number }) => resolve(m.port));
  });
  const read = (i: number) => Number(Atomics.load(view, i));
  return {
    host: '127.0.0.1',
    port,
    accepted: () => read(COUNTERS.accepted),
    bytes: () => read(COUNTERS.bytes),
    duplicates: () => read(COUNTERS.duplicates),
    firstAt: () => read(COUNTERS.firstAt),
    lastAt: () => read(COUNTERS.lastAt),
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (read(COUNTERS.accepted) < count) {
        if (Date.now() > deadline)
          throw new Error(
            `SMTP sink: ${read(COUNTERS.accepted)} of ${count} messages within ${timeoutMs} ms`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return read(COUNTERS.lastAt);
    },
    reset: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage('reset');
      }),
    stop: async () => {
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 3000);
      await new Promise((resolve) => worker.once('exit', resolve));
      clearTimeout(timer);
    },
  };
}
