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
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
}

export interface StorageConfig {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  RABBITMQ_URL: string;
  OUTBOX_POLL_INTERVAL_MS: number;
}
