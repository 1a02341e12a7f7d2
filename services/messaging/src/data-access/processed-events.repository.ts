import { claimEvent, claimEvents } from '@lmp/bus';
import { SCHEMA, type Tx } from './database';

/** True the first time this consumer applies the event; false for a redelivery. */
export function claimEventFor(tx: Tx, consumer: string, eventId: string): Promise<boolean> {
  return claimEvent(tx, { schema: SCHEMA, consumer, eventId });
}

/** claimEventFor many events applied in one transaction: the ids (lower case) applied for the first time now. */
export function claimEventsFor(tx: Tx, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  return claimEvents(tx, { schema: SCHEMA, consumer, eventIds });
}
