import amqplib from 'amqplib';
import { createTestVhost } from '../src/rabbitmq-vhost';

describe('createTestVhost', () => {
  it('gives each suite its own vhost that disappears with drop()', async () => {
    const [a, b] = await Promise.all([createTestVhost(), createTestVhost()]);
    expect(a.vhost).not.toBe(b.vhost);
    const connection = await amqplib.connect(a.url);
    const channel = await connection.createChannel();
    await channel.assertQueue('only-in-a');
    await expect(channel.checkQueue('only-in-a')).resolves.toMatchObject({ queue: 'only-in-a' });
    await connection.close();

    const other = await amqplib.connect(b.url);
    const otherChannel = await other.createChannel();
    other.on('error', () => undefined);
    otherChannel.on('error', () => undefined);
    await expect(otherChannel.checkQueue('only-in-a')).rejects.toThrow(/NOT_FOUND/);
    await other.close().catch(() => undefined);

    await Promise.all([a.drop(), b.drop()]);
    await expect(amqplib.connect(a.url)).rejects.toThrow();
  });
});
