import { appendToOutbox } from '@lmp/bus';
import type { AnyEnvelope } from '@lmp/contracts';
import { SCHEMA, type Tx } from './database';

/**
 * Events are written with the state change they describe, in the same transaction. No NOTIFY
 * inside the transaction (it would serialise every committing writer): the use case calls the
 * outbox notifier after the commit.
 */
export async function saveEvents(tx: Tx, events: readonly AnyEnvelope[]): Promise<void> {
  if (events.length > 0) await appendToOutbox(tx, events, { schema: SCHEMA, notify: false });
}
