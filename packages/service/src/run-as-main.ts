import { reportError } from '@lmp/errors';
import { createLogger, type Logger } from '@lmp/logger';
import type { RunningService } from './start-service';

export interface RunOptions {
  /**
   * How long a shutdown may take before the process exits anyway. Default: three times the
   * service's SHUTDOWN_TIMEOUT_MS (HTTP and the consumers each drain within it), 15 s before start.
   */
  shutdownTimeoutMs?: number;
  /** How the process ends; default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Runs a service as the main module: starts it, stops it on SIGTERM/SIGINT (exit 0), and on an
 * unhandled rejection or uncaught exception reports the error through the same error path as a
 * failed request, stops what it can and exits 1 (the orchestrator restarts it: a process in an
 * unknown state should not keep serving).
 */
export function runAsMain(
  name: string,
  start: () => Promise<RunningService>,
  options: RunOptions = {},
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutOf = () => options.shutdownTimeoutMs ?? (service ? service.shutdownTimeoutMs * 3 : 15_000);
  let logger: Logger = createLogger({ name });
  let service: RunningService | undefined;
  let stopping = false;

  const stopThenExit = (code: number) => {
    if (stopping) return;
    stopping = true;
    const timeoutMs = timeoutOf();
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      exit(code === 0 ? 1 : code);
    }, timeoutMs);
    timer.unref();
    (service ? service.stop() : Promise.resolve()).then(
      () => {
        clearTimeout(timer);
        exit(code);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reportError(logger, error, { where: 'shutdown', fatal: true });
        exit(1);
      },
    );
  };

  const onFatal = (where: string) => (error: unknown) => {
    reportError(logger, error, { where, fatal: true });
    stopThenExit(1);
  };
  process.on('unhandledRejection', onFatal('unhandledRejection'));
  process.on('uncaughtException', onFatal('uncaughtException'));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      logger.info({ signal }, 'shutting down');
      stopThenExit(0);
    });
  }

  start().then(
    (running) => {
      service = running;
      logger = running.logger;
      if (stopping) void running.stop();
    },
    (error: unknown) => {
      reportError(logger, error, { where: `${name} service start`, fatal: true });
      exit(1);
    },
  );
}
