import type { Bus } from '@lmp/bus';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { requestConfirmation } from '../../domain/confirmations/request-confirmation.use-case';
import { recordLicenceTransmission } from '../../domain/transmissions/record-transmission.use-case';

export const TRANSMISSION_EVENTS_QUEUE = 'licences.transmission-events';

/**
 * Events from the transmissions service, "like an API route for messages": call the use case,
 * which validates the event and applies it once; return to ack. An invalid event is dead-lettered
 * at once; any other failure is retried with growing waits, then dead-lettered.
 */
export function consumeTransmissionEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  const consumer = TRANSMISSION_EVENTS_QUEUE;
  return bus.consume({
    queue: TRANSMISSION_EVENTS_QUEUE,
    eventTypes: ['LicenceTransmitted', 'MofcomFeedbackReceived'],
    async handler(envelope) {
      if (envelope.type === 'LicenceTransmitted') {
        const outcome = await recordLicenceTransmission({ db, consumer, event: envelope });
        logger.info(
          { eventId: envelope.id, outcome },
          outcome === 'already-applied'
            ? 'event already applied; duplicate ignored'
            : 'licence transmission recorded',
        );
      } else if (envelope.type === 'MofcomFeedbackReceived') {
        const outcome = await requestConfirmation({ db, consumer, event: envelope });
        logger.info(
          { eventId: envelope.id, outcome },
          outcome === 'already-applied'
            ? 'event already applied; duplicate ignored'
            : 'MOFCOM feedback turned into a confirmation request',
        );
      }
    },
  });
}
