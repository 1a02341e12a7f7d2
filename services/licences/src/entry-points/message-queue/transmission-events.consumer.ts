import { idempotentHandler, type Bus } from '@lmp/bus';
import { ZLicenceTransmitted, ZMofcomFeedbackReceived } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { SCHEMA, type Db } from '../../data-access/database';
import { recordLicenceTransmission } from '../../domain/record-transmission.use-case';
import { requestConfirmation } from '../../domain/request-confirmation.use-case';

export const TRANSMISSION_EVENTS_QUEUE = 'licences.transmission-events';

/**
 * Events from the transmissions service, "like an API route for messages": parse, call the use
 * case in the idempotent transaction, ack. A message that does not match its schema throws and
 * ends in the dead-letter queue after the delivery limit.
 */
export function consumeTransmissionEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  return bus.consume({
    queue: TRANSMISSION_EVENTS_QUEUE,
    eventTypes: ['LicenceTransmitted', 'MofcomFeedbackReceived'],
    handler: idempotentHandler({
      pool: db,
      schema: SCHEMA,
      consumer: TRANSMISSION_EVENTS_QUEUE,
      logger,
      async handle(tx, envelope) {
        if (envelope.type === 'LicenceTransmitted') {
          const outcome = await recordLicenceTransmission(tx, ZLicenceTransmitted.parse(envelope));
          logger.info({ eventId: envelope.id, outcome }, 'licence transmission recorded');
        } else if (envelope.type === 'MofcomFeedbackReceived') {
          const outcome = await requestConfirmation(tx, ZMofcomFeedbackReceived.parse(envelope));
          logger.info(
            { eventId: envelope.id, outcome },
            'MOFCOM feedback turned into a confirmation request',
          );
        }
      },
    }),
  });
}
