import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { createLogger } from '@lmp/logger';
import { createTestVhost, rabbitmqctl, type TestVhost } from '@lmp/testing';
import { connectBus, type Bus, type BusOptions } from '../../src';

export const quietLogger = () => createLogger({ name: 'bus-test', level: process.env.LOG_LEVEL ?? 'silent' });

/** A vhost of its own, buses on it, and a plain channel for looking at queues directly. */
export class TestBroker {
  private readonly buses: Bus[] = [];
  private raw: ChannelModel | null = null;

  private constructor(readonly vhost: TestVhost) {}

  static async create(): Promise<TestBroker> {
    return new TestBroker(await createTestVhost());
  }

  async bus(options: Partial<BusOptions> = {}): Promise<Bus> {
    const bus = await connectBus({
      url: this.vhost.url,
      logger: quietLogger(),
      reconnect: { initialDelayMs: 50, maxDelayMs: 1_000 },
      ...options,
    });
    this.buses.push(bus);
    return bus;
  }

  async channel(): Promise<Channel> {
    this.raw ??= await connect(this.vhost.url);
    const channel = await this.raw.createChannel();
    channel.on('error', () => undefined);
    return channel;
  }

  /** Takes (and acks) every message waiting in `queue`. */
  async drain(queue: string): Promise<GetMessage[]> {
    const channel = await this.channel();
    const messages: GetMessage[] = [];
    for (
      let message = await channel.get(queue, { noAck: true });
      message;
      message = await channel.get(queue, { noAck: true })
    ) {
      messages.push(message);
    }
    await channel.close();
    return messages;
  }

  /** Ready messages (unacked ones not counted) and consumers of `queue`. */
  async queueInfo(queue: string): Promise<{ messageCount: number; consumerCount: number }> {
    const channel = await this.channel();
    const { messageCount, consumerCount } = await channel.checkQueue(queue);
    await channel.close();
    return { messageCount, consumerCount };
  }

  /** Drops every client connection to this vhost, as a broker restart or a network cut would. */
  async closeAllConnections(): Promise<void> {
    await rabbitmqctl('close_all_connections', '-p', this.vhost.vhost, 'bus test: simulated broker restart');
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.buses.map((bus) => bus.close()));
    await this.raw?.close().catch(() => undefined);
    await this.vhost.drop();
  }
}
