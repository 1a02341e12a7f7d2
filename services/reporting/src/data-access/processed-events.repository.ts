import { claimEvents } from '@lmp/bus';
import { SCHEMA, type Tx } from './database';

/** The events of a batch this consumer applies for the first time (ids in lower case). */
export function claimEventsFor(tx: Tx, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  return claimEvents(tx, { schema: SCHEMA, consumer, eventIds });
}
