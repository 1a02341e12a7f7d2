import type { Bus } from '@lmp/bus';
import { eventSubscriptions, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { recordDiscrepancy } from '../../domain/discrepancies/record-discrepancy.use-case';

export const CONFIRMATION_EVENTS_QUEUE = 'transmissions.confirmation-events' satisfies SubscriptionQueue;

/**
 * The companies' answers to MOFCOM feedback (IndustryConfirmationRecorded): the use case validates
 * the event and keeps a discrepancy when the answer differs; return to ack. An invalid event is
 * dead-lettered at once; any other failure is retried with growing waits, then dead-lettered.
 */
export function consumeConfirmationEvents({ bus, db, logger }: { bus: Bus; db: Db; logger: Logger }) {
  return bus.consume({
    queue: CONFIRMATION_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[CONFIRMATION_EVENTS_QUEUE],
    async handler(envelope) {
      const outcome = await recordDiscrepancy({ db, consumer: CONFIRMATION_EVENTS_QUEUE, event: envelope });
      logger.debug({ eventId: envelope.id, outcome }, 'industry confirmation applied');
    },
  });
}
