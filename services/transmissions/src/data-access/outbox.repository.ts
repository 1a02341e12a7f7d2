import { appendToOutbox } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { SCHEMA, type Tx } from './database';

/** Events that go out with the caller's transaction (the relay publishes them after its commit). */
export function saveEvents(tx: Tx, events: readonly AnyEnvelope[]): Promise<void> {
  return appendToOutbox(tx, events, { schema: SCHEMA });
}
