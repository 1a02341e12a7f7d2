import { z } from 'zod';
import { env } from '@lmp/config';

/**
 * Settings every service has, to spread into its own zod config schema. HOST defaults to the
 * loopback interface: outside a container a service is reachable from this machine only; the
 * Dockerfile and k8s set HOST=0.0.0.0 explicitly.
 */
export function serviceSettings(defaultPort: number) {
  return {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: env.port(defaultPort),
    /**
     * `/metrics` is served on this port only, never on PORT (which, for the gateway, is public).
     * Default: PORT + 1000 (licences 4001, gateway 9080); 0 is any free port, the default when
     * PORT is 0.
     */
    METRICS_PORT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(0).max(65535).optional(),
    ),
    LOG_LEVEL: env.logLevel(),
    /** How long shutdown waits for requests and handlers in flight before it gives up. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  };
}

/** Settings of a service that owns a Postgres schema and publishes through an outbox. */
export function storageSettings(defaultDatabaseUrl: string) {
  return {
    DATABASE_URL: env.url(defaultDatabaseUrl),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(16),
    RABBITMQ_URL: env.url('amqp://guest:guest@127.0.0.1:5672'),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  };
}

export interface BaseServiceConfig {
  NODE_ENV: 'development' | 'test' | 'production';
  HOST: string;
  PORT: number;
  /** Unset: see metricsPortOf. */
  METRICS_PORT?: number;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
}

export interface StorageConfig {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  RABBITMQ_URL: string;
  OUTBOX_POLL_INTERVAL_MS: number;
}

/** How far above PORT the metrics listener goes when METRICS_PORT is not set. */
export const METRICS_PORT_OFFSET = 1000;

/**
 * The port of a service's metrics listener: METRICS_PORT, else PORT + 1000, else (PORT 0) any
 * free port. Metrics never share the API port, so nothing that reaches the API reaches them.
 */
export function metricsPortOf(config: Pick<BaseServiceConfig, 'PORT' | 'METRICS_PORT'>): number {
  if (config.METRICS_PORT !== undefined) return config.METRICS_PORT;
  if (config.PORT === 0) return 0;
  const port = config.PORT + METRICS_PORT_OFFSET;
  if (port > 65535) {
    throw new Error(`METRICS_PORT: PORT + ${METRICS_PORT_OFFSET} is above 65535; set METRICS_PORT`);
  }
  return port;
}
