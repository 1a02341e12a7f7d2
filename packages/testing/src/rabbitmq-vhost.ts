import { execFile } from 'node:child_process';
import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestVhost {
  /** e.g. `test_3f9a0c2d1b7e`. */
  vhost: string;
  /** The broker URL with the vhost as its path (encoded). */
  url: string;
  /**
   * Messages in a queue, ready and unacknowledged together (0 when the queue does not exist):
   * 0 means every delivery so far was handled and settled, which a test can wait for.
   */
  messagesIn(queue: string): Promise<number>;
  /** Takes one message off a queue (acked), with its headers: e.g. a dead letter's `x-death`. */
  takeMessage(queue: string): Promise<{ body: unknown; headers: Record<string, unknown> } | undefined>;
  /** Deletes the vhost with its queues, exchanges and connections. */
  drop(): Promise<void>;
}

const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/**
 * A fresh RabbitMQ virtual host, so a test suite has its own exchanges and queues and may close
 * its own connections (`rabbitmqctl close_all_connections -p <vhost>`) without touching others
 * that share the broker. The broker comes from RABBITMQ_URL; vhosts are made with `rabbitmqctl`
 * (RABBITMQCTL overrides its path), which must run on the broker's host with its Erlang cookie.
 */
export async function createTestVhost(): Promise<TestVhost> {
  // Seam: where no broker is given and a Docker engine answers, start one here with
  // testcontainers (`new RabbitMQContainer('rabbitmq:3.13-management').start()`) and use its
  // URL and `execInContainer(['rabbitmqctl', …])`. These machines have no Docker engine.
  const base = new URL(process.env.RABBITMQ_URL ?? DEFAULT_RABBITMQ_URL);
  const user = decodeURIComponent(base.username || 'guest');
  const vhost = `test_${randomBytes(6).toString('hex')}`;

  await rabbitmqctl('add_vhost', vhost);
  try {
    await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
  } catch (error) {
    await rabbitmqctl('delete_vhost', vhost).catch(() => undefined);
    throw error;
  }

  const url = `${base.protocol}//${base.username ? `${base.username}:${base.password}@` : ''}${base.host}/${encodeURIComponent(vhost)}${base.search}`;
  let dropped = false;
  return {
    vhost,
    url,
    async messagesIn(queue) {
      const table = await rabbitmqctl('list_queues', '-p', vhost, '--no-table-headers', 'name', 'messages');
      const line = table
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .find(([name]) => name === queue);
      return line ? Number(line[1]) : 0;
    },
    async takeMessage(queue) {
      const connection = await amqp.connect(url);
      try {
        const channel = await connection.createChannel();
        const message = await channel.get(queue, { noAck: true });
        if (!message) return undefined;
        return {
          body: JSON.parse(message.content.toString('utf8')),
          headers: (message.properties.headers ?? {}) as Record<string, unknown>,
        };
      } finally {
        await connection.close();
      }
    },
    async drop() {
      if (dropped) return;
      dropped = true;
      await rabbitmqctl('delete_vhost', vhost);
    },
  };
}

/** Runs `rabbitmqctl` with the given arguments; rejects with its output on failure. */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const command = process.env.RABBITMQCTL ?? 'rabbitmqctl';
  try {
    const { stdout } = await run(command, ['-q', ...args], { timeout: 60_000 });
    return stdout;
  } catch (error) {
    const output = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `rabbitmqctl ${args.join(' ')} failed: ${output.stderr || output.stdout || output.message}`,
      { cause: error },
    );
  }
}
