import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor } from './envelope';
import { eventSchemas, type EventOf, type EventType } from './catalogue';

export interface EventMeta {
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
  occurredAt?: Date;
}

/** Builds and validates an event, so a producer can never publish one its consumers would reject. */
/** What a producer passes: fields with a default (added to an event later) may be left out. */
export type EventDataInput<T extends EventType> = z.input<(typeof eventSchemas)[T]>['data'];

export function newEvent<T extends EventType>(type: T, data: EventDataInput<T>, meta: EventMeta): EventOf<T> {
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
