import type { Bus } from '@lmp/bus';
import { eventSubscriptions, type SubscriptionQueue } from '@lmp/contracts';
import type { Logger } from '@lmp/logger';
import type { ProjectionDeps } from '../../domain/projection/projection.types';
import { applyMembershipEvent } from '../../domain/projection/apply-membership-event.use-case';

export const MEMBERSHIP_EVENTS_QUEUE = 'messaging.membership-events' satisfies SubscriptionQueue;

/** Who belongs to which company, and invitations: applied once each; return to ack. */
export function consumeMembershipEvents(bus: Bus, logger: Logger, deps: ProjectionDeps) {
  return bus.consume({
    queue: MEMBERSHIP_EVENTS_QUEUE,
    eventTypes: eventSubscriptions[MEMBERSHIP_EVENTS_QUEUE],
    async handler(envelope) {
      const outcome = await applyMembershipEvent(deps, MEMBERSHIP_EVENTS_QUEUE, envelope);
      logger.debug({ eventId: envelope.id, type: envelope.type, outcome }, 'membership event applied');
    },
  });
}
