import type { RequestHandler, Router } from 'express';
import express from 'express';
import { connectBus, createOutboxNotifier, startOutboxRelay, type Bus, type OutboxNotifier } from '@lmp/bus';
import { platformQueues } from '@lmp/contracts';
import { notFoundHandler, problemErrorHandler, type ProblemTypes } from '@lmp/errors';
import { startHttpServer, type ReadinessCheck, type RunningServer } from '@lmp/http';
import { createLogger, type Logger } from '@lmp/logger';
import { createPool, usePlatformTypeParsers, type Db } from './database';
import { createServiceApp } from './service-app';
import { metricsPortOf, type BaseServiceConfig, type StorageConfig } from './service-config';

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
  config: C;
  /** A logger made before start (for parts built ahead of the service); one is made otherwise. */
  logger?: Logger;
  /** Extra work at shutdown, after HTTP has drained and before the bus and pool close. */
  onStop?: () => Promise<void> | void;
}

/** A service that owns a Postgres schema, publishes through its outbox and may consume events. */
export interface StorageServiceDeclaration<C extends BaseServiceConfig & StorageConfig> extends Common<C> {
  storage: { schema: string };
  /**
   * Work that must finish before anything is served or consumed (e.g. recomputing stored keys
   * after a rule changed): runs once the pool and bus are up, before the consumers and HTTP.
   */
  prepare?: (ctx: StorageContext) => Promise<void>;
  /** Starts the service's consumers (`bus.consume(…)`), before HTTP opens. */
  consumers?: (ctx: StorageContext) => Promise<unknown>;
  /**
   * Starts scheduled work (`entry-points/jobs`) once HTTP is open; the job's `stop()` runs at
   * shutdown after HTTP has drained and before the bus and pool close.
   */
  jobs?: (ctx: StorageContext) => Promise<RunningJob> | RunningJob;
  http: (ctx: StorageContext) => HttpDeclaration;
}

/** A service without storage (the gateway). */
export interface StatelessServiceDeclaration<C extends BaseServiceConfig> extends Common<C> {
  storage?: undefined;
  http: (ctx: { logger: Logger }) => HttpDeclaration;
}

export interface RunningJob {
  stop(): Promise<void> | void;
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  /** Port of the metrics listener: `/metrics` is served there, never on `port`. */
  metricsPort: number;
  logger: Logger;
  /** SHUTDOWN_TIMEOUT_MS: how long each draining step (HTTP, consumers) may take. */
  shutdownTimeoutMs: number;
  /** Stops in order: jobs, HTTP (drains requests), onStop, notifier, relay, bus with its consumers, pool. Idempotent. */
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
  // Every step runs even when one fails (a stuck relay must not keep the pool open); the failures
  // are then reported together, so a failed shutdown is not mistaken for a clean one.
  const closeAll = async () => {
    const failures: unknown[] = [];
    for (const { what, close } of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error, what }, 'shutdown step failed');
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} shutdown step(s) failed`);
  };
  try {
    let http: HttpDeclaration;
    let readiness: Record<string, ReadinessCheck> = {};
    let startJobs: (() => Promise<RunningJob> | RunningJob) | undefined;
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
      const storageDeclaration = declaration as StorageServiceDeclaration<BaseServiceConfig & StorageConfig>;
      await storageDeclaration.prepare?.(ctx);
      await storageDeclaration.consumers?.(ctx);
      http = declaration.http(ctx);
      if (storageDeclaration.jobs) startJobs = () => storageDeclaration.jobs!(ctx);
    } else {
      http = (declaration as StatelessServiceDeclaration<BaseServiceConfig>).http({ logger });
    }
    if (declaration.onStop) closers.push({ what: 'onStop', close: declaration.onStop });
    const { app, metricsHandler } = createServiceApp({
      name,
      logger,
      readiness: { ...readiness, ...http.readiness },
      routes: http.routes,
      problemTypes: http.problemTypes,
      queryParser: http.queryParser,
      trustProxy: http.trustProxy,
      first: http.first,
    });
    const server: RunningServer = await startHttpServer(app, config.PORT, config.HOST);
    closers.push({ what: 'http', close: () => server.close({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }) });
    // Metrics on a listener of their own: whoever reaches the API (the gateway's public port)
    // does not reach them; Prometheus is let in to this port alone (k8s NetworkPolicy).
    const metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.get('/metrics', metricsHandler);
    metricsApp.use(notFoundHandler, problemErrorHandler(logger));
    const metricsServer = await startHttpServer(metricsApp as never, metricsPortOf(config), config.HOST);
    closers.push({
      what: 'metrics',
      close: () => metricsServer.close({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
    });
    const metricsPort = metricsServer.port;
    logger.info({ port: server.port, host: config.HOST, metricsPort }, `${name} service listening`);
    if (startJobs) {
      const job = await startJobs();
      closers.push({ what: 'jobs', close: () => job.stop() });
    }
    let stopping: Promise<void> | null = null;
    return {
      name,
      url: server.url,
      port: server.port,
      metricsPort,
      logger,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      stop() {
        stopping ??= closeAll().then(() => logger.info(`${name} service stopped`));
        return stopping;
      },
    };
  } catch (error) {
    await closeAll().catch(() => undefined); // each failed step is logged; the start error is the one to throw
    throw error;
  }
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
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
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
