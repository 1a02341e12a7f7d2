import { createIdentityVerifier, identityJwk } from '@lmp/auth';
import { connectBus, createOutboxNotifier, startOutboxRelay } from '@lmp/bus';
import { platformQueues } from '@lmp/contracts';
import { startHttpServer, type RunningServer } from '@lmp/http';
import { createLogger } from '@lmp/logger';
import { readConfig, type LicencesConfig } from './config';
import { createPool, SCHEMA } from './data-access/database';
import { createApp } from './entry-points/api/app';
import { consumeTransmissionEvents } from './entry-points/message-queue/transmission-events.consumer';

export interface LicencesService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Connects to Postgres and RabbitMQ, starts the outbox relay, the consumers and the HTTP API. */
export async function startLicencesService(config: LicencesConfig = readConfig()): Promise<LicencesService> {
  const logger = createLogger({ name: 'licences', level: config.LOG_LEVEL });
  const db = createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  db.on('error', (error) => logger.error({ err: error }, 'idle database client failed'));
  const bus = await connectBus({
    url: config.RABBITMQ_URL,
    connectionName: 'licences',
    logger,
    declareQueues: platformQueues,
  });
  const relay = await startOutboxRelay({
    pool: db,
    schema: SCHEMA,
    bus,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  await consumeTransmissionEvents({ bus, db, logger });
  const outboxNotifier = createOutboxNotifier({ pool: db, schema: SCHEMA, logger });
  const app = createApp({
    outboxNotifier,
    exactTotalCap: config.LIST_EXACT_TOTAL_CAP,
    db,
    logger,
    verifyIdentity: createIdentityVerifier(identityJwk('public', config.IDENTITY_PUBLIC_KEY)),
    readiness: {
      database: async () => (await db.query('SELECT 1')).rowCount === 1,
      broker: () => bus.isHealthy(),
    },
  });
  const server: RunningServer = await startHttpServer(app, config.PORT);
  logger.info({ port: server.port }, 'licences service listening');
  return {
    url: server.url,
    port: server.port,
    async stop() {
      await server.close();
      await outboxNotifier.close();
      await relay.stop();
      await bus.close();
      await db.end();
      logger.info('licences service stopped');
    },
  };
}

if (require.main === module) {
  const logger = createLogger({ name: 'licences' });
  startLicencesService().then(
    (service) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        service.stop().then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    },
    (error) => {
      logger.fatal({ err: error }, 'licences service failed to start');
      process.exit(1);
    },
  );
}
