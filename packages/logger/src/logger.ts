import pino, { type Logger, type LoggerOptions } from 'pino';
import { getContext } from './request-context';

export type { Logger };

/**
 * A pino logger whose every line carries the request and correlation ids of the work in progress
 * (taken from AsyncLocalStorage), so one request can be followed across services.
 */
export function createLogger(
  options: { name: string; level?: string } & LoggerOptions,
  destination?: pino.DestinationStream,
): Logger {
  const settings: LoggerOptions = {
    level: 'info',
    ...options,
    base: { service: options.name },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password'],
      censor: '[redacted]',
    },
    mixin() {
      const context = getContext();
      return context ? { ...context } : {};
    },
  };
  return destination ? pino(settings, destination) : pino(settings);
}
