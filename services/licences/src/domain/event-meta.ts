import { randomUUID } from 'node:crypto';
import type { EventMeta } from '@lmp/contracts';
import { getContext } from '@lmp/logger';
import { eventActor, type Actor } from './identity/actor';

/** Correlation and causation come from the request or message being handled. */
export function eventMeta(actor: Actor | 'system', occurredAt = new Date()): EventMeta {
  const context = getContext();
  return {
    correlationId: context?.correlationId ?? randomUUID(),
    causationId: context?.causationId ?? null,
    actor: actor === 'system' ? { type: 'system', id: 'licences' } : eventActor(actor),
    occurredAt,
  };
}
