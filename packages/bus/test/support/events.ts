import { randomUUID } from 'node:crypto';
import type { AnyEnvelope } from '@lmp/contracts';

/** A valid envelope with unique ids; override any field. */
export function anEvent(overrides: Partial<AnyEnvelope> = {}): AnyEnvelope {
  return {
    id: randomUUID(),
    type: 'TestHappened',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { type: 'system', id: 'bus-test' },
    data: { n: 1 },
    ...overrides,
  };
}

/** An event type no other test uses, so each test has its own routing. */
export function uniqueType(prefix = 'TestHappened'): string {
  return `${prefix}${randomUUID().slice(0, 8)}`;
}
