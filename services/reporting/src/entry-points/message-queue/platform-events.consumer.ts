import { groupCommit, type Bus } from '@lmp/bus';
import { eventSubscriptions, type AnyEnvelope, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { applyPlatformEvents } from '../../domain/projection/apply-platform-events.use-case';

export const PLATFORM_EVENTS_QUEUE = 'reporting.platform-events' satisfies SubscriptionQueue;

/**
 * Events applied together in one transaction at most, and transactions in flight (one gathers
 * while another commits); the prefetch keeps the next batches queued. A million licences (1.5 M
 * events) seed in minutes, not the 37 minutes of one transaction per event.
 */
const MAX_BATCH = 250;
const CONCURRENCY = 2;
const PREFETCH = (CONCURRENCY + 1) * MAX_BATCH;

/**
 * Every event the read model is built from, "like an API route for messages": the use case
 * validates each event and applies it once, together with the others delivered meanwhile (group
 * commit); return to ack. An invalid event is dead-lettered at once, alone; any other failure
 * is retried with growing waits, then dead-lettered.
 */
export function consumePlatformEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  const apply = groupCommit(
    (events: AnyEnvelope[]) => applyPlatformEvents({ db, consumer: PLATFORM_EVENTS_QUEUE, events }),
    { maxBatch: MAX_BATCH, concurrency: CONCURRENCY },
  );
  return bus.consume({
    queue: PLATFORM_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[PLATFORM_EVENTS_QUEUE],
    prefetch: PREFETCH,
    async handler(envelope) {
      const outcome = await apply(envelope);
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'read model updated');
    },
  });
}
