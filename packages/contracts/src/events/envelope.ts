import { z } from 'zod';

/** Who caused an event: a signed-in user, or the system itself (scheduled jobs, relays). */
export const ZActor = z.object({
  type: z.enum(['user', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
});
export type Actor = z.infer<typeof ZActor>;

/** Metadata every event carries, whatever its type. */
export const ZEnvelopeMeta = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actor: ZActor,
});

export function envelopeOf<TType extends string, TData extends z.ZodType>(
  type: TType,
  version: number,
  data: TData,
) {
  return ZEnvelopeMeta.extend({ type: z.literal(type), version: z.literal(version), data });
}

/** The shape every event has on the wire, before its type is known. */
export const ZAnyEnvelope = ZEnvelopeMeta.extend({ data: z.unknown() });
export type AnyEnvelope = z.infer<typeof ZAnyEnvelope>;
