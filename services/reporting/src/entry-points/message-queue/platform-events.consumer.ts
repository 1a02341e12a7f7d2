import type { Bus } from '@lmp/bus';
import { eventSubscriptions, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { applyPlatformEvent } from '../../domain/projection/apply-platform-event.use-case';

export const PLATFORM_EVENTS_QUEUE = 'reporting.platform-events' satisfies SubscriptionQueue;

/**
 * Every event the read model is built from, "like an API route for messages": the use case
 * validates the event and applies it once; return to ack. An invalid event is dead-lettered at
 * once; any other failure is retried with growing waits, then dead-lettered.
 */
export function consumePlatformEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  return bus.consume({
    queue: PLATFORM_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[PLATFORM_EVENTS_QUEUE],
    async handler(envelope) {
      const outcome = await applyPlatformEvent({ db, consumer: PLATFORM_EVENTS_QUEUE, event: envelope });
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'read model updated');
    },
  });
}
