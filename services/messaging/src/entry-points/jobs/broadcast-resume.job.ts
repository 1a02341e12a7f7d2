import type { Logger } from '@lmp/logger';
import type { BroadcastDeps } from '../../domain/broadcasts/deliver-broadcast';
import { resumeBroadcasts, type BroadcastResume } from '../../domain/broadcasts/resume-broadcasts.use-case';

/** How often each replica looks for broadcasts a dead request left unfinished. */
export const BROADCAST_RESUME_INTERVAL_MS = 60_000;

export interface BroadcastResumeJob {
  /** One sweep now (tests; a sweep already running is joined, not doubled). */
  runOnce(): Promise<BroadcastResume[]>;
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, finishes the broadcasts still incomplete (resumeBroadcasts). Every replica
 * sweeps; the broadcast's lock keeps two of them (or a sweep and a live request) from writing
 * the same one at once. A failed broadcast is logged and tried again at the next sweep.
 */
export function startBroadcastResume(options: {
  deps: BroadcastDeps;
  logger: Logger;
  intervalMs?: number;
}): BroadcastResumeJob {
  const { deps, logger } = options;
  let running: Promise<BroadcastResume[]> | undefined;
  const stopping = new AbortController();

  const report = (resumed: BroadcastResume[]) => {
    for (const r of resumed) {
      if (r.state === 'failed')
        logger.error(
          { err: r.reason, broadcastId: r.broadcastId },
          'broadcast resume failed; the next sweep retries',
        );
      else if (r.state === 'finished')
        logger.info({ broadcastId: r.broadcastId, messages: r.messages }, 'unfinished broadcast completed');
      else if (r.state === 'stopped')
        logger.info(
          { broadcastId: r.broadcastId, messages: r.messages },
          'broadcast resume stopped by shutdown',
        );
    }
    return resumed;
  };
  const runOnce = () => {
    if (stopping.signal.aborted) return Promise.resolve([]);
    running ??= resumeBroadcasts(deps, stopping.signal)
      .then(report, (error: unknown) => {
        logger.error({ err: error }, 'broadcast resume sweep failed; the next sweep retries');
        return [];
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? BROADCAST_RESUME_INTERVAL_MS);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopping.abort(); // between chunks: what is left waits for the next sweep (here or elsewhere)
      clearInterval(timer);
      await running;
    },
  };
}
