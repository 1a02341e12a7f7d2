import { groupCommit, type Bus } from '@lmp/bus';
import { eventSubscriptions, type AnyEnvelope, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import { applyLicenceEvents } from '../../domain/projection/apply-licence-events.use-case';
import type { ProjectionDeps } from '../../domain/projection/projection.types';

export const LICENCE_EVENTS_QUEUE = 'messaging.licence-events' satisfies SubscriptionQueue;

/**
 * Events applied together in one transaction at most, and transactions in flight (one gathers
 * while another commits); the prefetch keeps the next batches queued. A dispatched batch is a
 * burst of LicenceTransmitted, one per licence (100,000 over 10,000 companies): one transaction
 * per event took 235 s to reach the digests.
 */
const MAX_BATCH = 500;
const CONCURRENCY = 2;
const PREFETCH = (CONCURRENCY + 1) * MAX_BATCH;

/**
 * Companies, licences, transmissions and MOFCOM feedback, "like an API route for messages": the
 * use case validates each event and applies it once, with the e-mail it causes, together with the
 * others delivered meanwhile (group commit); return to ack. An invalid event is dead-lettered at
 * once, alone; any other failure is retried with growing waits.
 */
export function consumeLicenceEvents(bus: Bus, logger: Logger, deps: ProjectionDeps) {
  const apply = groupCommit(
    (events: AnyEnvelope[]) => applyLicenceEvents(deps, LICENCE_EVENTS_QUEUE, events),
    { maxBatch: MAX_BATCH, concurrency: CONCURRENCY },
  );
  return bus.consume({
    queue: LICENCE_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[LICENCE_EVENTS_QUEUE],
    prefetch: PREFETCH,
    async handler(envelope) {
      const outcome = await apply(envelope);
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'licence event applied');
    },
  });
}
