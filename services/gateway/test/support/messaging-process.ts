import { randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@lmp/bus';
import { newEvent, type AnyEnvelope } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import {
  companyRegistered,
  createTestDatabase,
  createTestVhost,
  startServiceProcess,
  type ServiceProcess,
} from '@lmp/testing';

export interface MessagingProcess {
  /** The messaging service, a process of its own on its own database and vhost. */
  service: ServiceProcess;
  /** Makes `email` a member of a new company, as the licences service announces it to messaging. */
  joinNewCompany(email: string, name: string): Promise<string>;
  stop(): Promise<void>;
}

/** services/messaging as it runs in production (no e-mail sender: nothing here reads mail). */
export async function startMessagingProcess(env: Record<string, string> = {}): Promise<MessagingProcess> {
  const database = await createTestDatabase({ services: ['messaging'] });
  const vhost = await createTestVhost();
  let bus: Bus | undefined;
  let service: ServiceProcess | undefined;
  const stop = async () => {
    await bus?.close();
    await service?.stop();
    await vhost.drop();
    await database.drop();
  };
  try {
    service = await startServiceProcess({
      workspace: 'services/messaging',
      env: {
        DATABASE_URL: database.urlFor('messaging'),
        RABBITMQ_URL: vhost.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        DATABASE_POOL_SIZE: '4',
        MAIL_SENDER_ENABLED: 'false',
        // Once a year: no scheduled mail job wakes during a test.
        STALE_REMINDER_CRON: '0 0 1 1 *',
        DAILY_DIGEST_CRON: '0 0 1 1 *',
        ...env,
      },
    });
    bus = await connectBus({
      url: vhost.url,
      connectionName: 'gateway-test',
      logger: createLogger({ name: 'gateway-test', level: 'silent' }),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const publish = (events: AnyEnvelope[]) => bus!.publish(events);
  return {
    service,
    async joinNewCompany(email, name) {
      const companyId = randomUUID();
      const at = '2026-01-05T09:00:00.000Z';
      const meta = {
        correlationId: `req-${randomUUID().slice(0, 8)}`,
        actor: { type: 'user' as const, id: randomUUID(), name },
        occurredAt: new Date(at),
      };
      await publish([
        companyRegistered(companyId),
        newEvent(
          'UserJoinedCompany',
          { userId: randomUUID(), companyId, email, name, role: 'admin', joinedAt: at, backfill: false },
          meta,
        ),
      ]);
      return companyId;
    },
    stop,
  };
}
