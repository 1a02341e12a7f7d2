import type { Bus } from '@lmp/bus';
import { eventSubscriptions, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { applyLicenceEvent } from '../../domain/projection/apply-licence-event.use-case';
import type { ProjectionDeps } from '../../domain/projection/projection.types';

export const LICENCE_EVENTS_QUEUE = 'messaging.licence-events' satisfies SubscriptionQueue;

/**
 * Companies, licences, transmissions and MOFCOM feedback, "like an API route for messages": the
 * use case validates the event and applies it once, with the e-mail it causes; return to ack.
 * An invalid event is dead-lettered at once; any other failure is retried with growing waits.
 */
export function consumeLicenceEvents(bus: Bus, logger: Logger, deps: ProjectionDeps) {
  return bus.consume({
    queue: LICENCE_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[LICENCE_EVENTS_QUEUE],
    // A dispatched batch is a burst of LicenceTransmitted (one per licence) applied in parallel.
    prefetch: 32,
    async handler(envelope) {
      const outcome = await applyLicenceEvent(deps, LICENCE_EVENTS_QUEUE, envelope);
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'licence event applied');
    },
  });
}
