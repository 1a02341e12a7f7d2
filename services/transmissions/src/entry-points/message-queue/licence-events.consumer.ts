import type { Bus } from '@lmp/bus';
import { eventSubscriptions, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { applyLicenceEvent } from '../../domain/projection/apply-licence-event.use-case';

export const LICENCE_EVENTS_QUEUE = 'transmissions.licence-events' satisfies SubscriptionQueue;

/**
 * The licences service's events, "like an API route for messages": the use case validates the
 * event and applies it once; return to ack. An invalid event is dead-lettered at once; any other
 * failure is retried with growing waits, then dead-lettered.
 */
export function consumeLicenceEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  return bus.consume({
    queue: LICENCE_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[LICENCE_EVENTS_QUEUE],
    async handler(envelope) {
      const outcome = await applyLicenceEvent({ db, consumer: LICENCE_EVENTS_QUEUE, event: envelope });
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'licence projection updated');
    },
  });
}
