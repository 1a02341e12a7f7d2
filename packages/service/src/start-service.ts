import type { RequestHandler, Router } from 'express';
import express from 'express';
import { connectBus, createOutboxNotifier, startOutboxRelay, type Bus, type OutboxNotifier } from '@lmp/bus';
import { platformQueues } from '@lmp/contracts';
import type { ProblemTypes } from '@lmp/errors';
import { startHttpServer, type ReadinessCheck, type RunningServer } from '@lmp/http';
import { createLogger, type Logger } from '@lmp/logger';
import { createPool, usePlatformTypeParsers, type Db } from './database';
import { createServiceApp } from './service-app';
import type { BaseServiceConfig, StorageConfig } from './service-config';

export interface HttpDeclaration {
  routes: Router | RequestHandler | (Router | RequestHandler)[];
  problemTypes?: ProblemTypes;
  readiness?: Record<string, ReadinessCheck>;
  queryParser?: 'simple' | false;
  trustProxy?: boolean | number | string;
  first?: RequestHandler[];
}

/** What a service with storage gets to build its consumers and routes from. */
export interface StorageContext {
  logger: Logger;
  db: Db;
  bus: Bus;
  /** Call `written()` after a commit that wrote outbox rows (a coalesced NOTIFY wakes the relays). */
  outbox: OutboxNotifier;
}

interface Common<C extends BaseServiceConfig> {
  /** Lower-case service name: logs, metrics, the bus connection name, the pool's application name. */
  name: string;
  config: C & { METRICS_PORT?: number };
  /** A logger made before start (for parts built ahead of the service); one is made otherwise. */
  logger?: Logger;
  /** Extra work at shutdown, after HTTP has drained and before the bus and pool close. */
  onStop?: () => Promise<void> | void;
}

/** A service that owns a Postgres schema, publishes through its outbox and may consume events. */
export interface StorageServiceDeclaration<C extends BaseServiceConfig & StorageConfig> extends Common<C> {
  storage: { schema: string };
  /** Starts the service's consumers (`bus.consume(…)`), before HTTP opens. */
  consumers?: (ctx: StorageContext) => Promise<unknown>;
  http: (ctx: StorageContext) => HttpDeclaration;
}

/** A service without storage (the gateway). */
export interface StatelessServiceDeclaration<C extends BaseServiceConfig> extends Common<C> {
  storage?: undefined;
  http: (ctx: { logger: Logger }) => HttpDeclaration;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  /** Port of the metrics listener, when metrics are served apart from the API. */
  metricsPort?: number;
  logger: Logger;
  /** Stops in order: HTTP (drains requests), consumers and relay, bus, pool. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a service from one declaration. Whatever was opened before a failure is closed again, so
 * a service that cannot start leaves no connection or timer behind.
 */
export async function startService<C extends BaseServiceConfig & StorageConfig>(
  declaration: StorageServiceDeclaration<C>,
): Promise<RunningService>;
export async function startService<C extends BaseServiceConfig>(
  declaration: StatelessServiceDeclaration<C>,
): Promise<RunningService>;
export async function startService(
  declaration:
    | StorageServiceDeclaration<BaseServiceConfig & StorageConfig>
    | StatelessServiceDeclaration<BaseServiceConfig>,
): Promise<RunningService> {
  const { name, config } = declaration;
  const logger = declaration.logger ?? createLogger({ name, level: config.LOG_LEVEL });
  const closers: { what: string; close: () => Promise<void> | void }[] = [];
  const closeAll = async () => {
    for (const { what, close } of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, what }, 'shutdown step failed');
      }
    }
  };
  try {
    let http: HttpDeclaration;
    let readiness: Record<string, ReadinessCheck> = {};
    if (declaration.storage) {
      const ctx = await openStorage(
        declaration as StorageServiceDeclaration<BaseServiceConfig & StorageConfig>,
        logger,
        closers,
      );
      readiness = {
        database: async () => (await ctx.db.query('SELECT 1')).rowCount === 1,
        broker: () => ctx.bus.isHealthy(),
      };
      await (declaration as StorageServiceDeclaration<BaseServiceConfig & StorageConfig>).consumers?.(ctx);
      http = declaration.http(ctx);
    } else {
      http = (declaration as StatelessServiceDeclaration<BaseServiceConfig>).http({ logger });
    }
    if (declaration.onStop) closers.push({ what: 'onStop', close: declaration.onStop });
    const separateMetrics = config.METRICS_PORT !== undefined;
    const { app, metricsHandler } = createServiceApp({
      name,
      logger,
      readiness: { ...readiness, ...http.readiness },
      routes: separateMetrics ? http.routes : [metricsRoute(() => metricsHandler), ...[http.routes].flat()],
      problemTypes: http.problemTypes,
      queryParser: http.queryParser,
      trustProxy: http.trustProxy,
      first: http.first,
    });
    const server: RunningServer = await startHttpServer(app, config.PORT, config.HOST);
    closers.push({ what: 'http', close: () => server.close() });
    let metricsPort: number | undefined;
    if (separateMetrics) {
      const metricsApp = express();
      metricsApp.disable('x-powered-by');
      metricsApp.get('/metrics', metricsHandler);
      const metricsServer = await startHttpServer(metricsApp as never, config.METRICS_PORT!, config.HOST);
      closers.push({ what: 'metrics', close: () => metricsServer.close() });
      metricsPort = metricsServer.port;
    }
    logger.info({ port: server.port, host: config.HOST, metricsPort }, `${name} service listening`);
    let stopping: Promise<void> | null = null;
    return {
      name,
      url: server.url,
      port: server.port,
      metricsPort,
      logger,
      stop() {
        stopping ??= closeAll().then(() => logger.info(`${name} service stopped`));
        return stopping;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function metricsRoute(handler: () => RequestHandler): Router {
  return express.Router().get('/metrics', (req, res, next) => handler()(req, res, next));
}

/** Pool, bus with the platform's queues, outbox relay and notifier; closed in reverse order. */
async function openStorage(
  declaration: StorageServiceDeclaration<BaseServiceConfig & StorageConfig>,
  logger: Logger,
  closers: { what: string; close: () => Promise<void> | void }[],
): Promise<StorageContext> {
  const { config, name } = declaration;
  const { schema } = declaration.storage;
  usePlatformTypeParsers();
  const db = createPool({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_SIZE,
    schema,
    service: name,
    logger,
  });
  closers.push({ what: 'database pool', close: () => db.end() });
  const bus = await connectBus({
    url: config.RABBITMQ_URL,
    connectionName: name,
    logger,
    declareQueues: platformQueues,
  });
  closers.push({ what: 'bus', close: () => bus.close() });
  const relay = await startOutboxRelay({
    pool: db,
    schema,
    bus,
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  closers.push({ what: 'outbox relay', close: () => relay.stop() });
  const outbox = createOutboxNotifier({ pool: db, schema, logger });
  closers.push({ what: 'outbox notifier', close: () => outbox.close() });
  return { logger, db, bus, outbox };
}
