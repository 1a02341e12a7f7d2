import { claimEvent } from '@lmp/bus';
import { SCHEMA, type Tx } from './database';

/** True the first time this consumer applies the event; false for a redelivery. */
export function claimEventFor(tx: Tx, consumer: string, eventId: string): Promise<boolean> {
  return claimEvent(tx, { schema: SCHEMA, consumer, eventId });
}
