import { randomUUID } from 'node:crypto';
import type { Actor } from './envelope';
import { eventSchemas, type EventData, type EventOf, type EventType } from './catalogue';

export interface EventMeta {
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
  occurredAt?: Date;
}

/** Builds and validates an event, so a producer can never publish one its consumers would reject. */
export function newEvent<T extends EventType>(type: T, data: EventData<T>, meta: EventMeta): EventOf<T> {
  const schema = eventSchemas[type];
  return schema.parse({
    id: randomUUID(),
    type,
    version: schema.shape.version.value,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    actor: meta.actor,
    data,
  }) as EventOf<T>;
}
