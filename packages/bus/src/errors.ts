/** The broker returned events because no queue is bound for their type (publish is `mandatory`). */
export class UnroutableEventError extends Error {
  override name = 'UnroutableEventError';
  readonly code = 'BUS.UNROUTABLE';

  constructor(
    readonly exchange: string,
    readonly events: ReadonlyArray<{ id: string; type: string; reason: string }>,
  ) {
    const types = [...new Set(events.map((event) => event.type))].join(', ');
    super(
      `${events.length} event(s) of type ${types} could not be routed: exchange "${exchange}" has no queue bound ` +
        `for that routing key (${events[0]?.reason ?? 'NO_ROUTE'}). Declare the consumer's queue before publishing.`,
    );
  }

  get eventIds(): string[] {
    return this.events.map((event) => event.id);
  }
}

/** The broker did not confirm an event (nack, channel closed, or no answer in time). */
export class PublishNotConfirmedError extends Error {
  override name = 'PublishNotConfirmedError';
  readonly code = 'BUS.NOT_CONFIRMED';

  constructor(
    readonly eventIds: string[],
    cause: unknown,
  ) {
    super(`${eventIds.length} event(s) were not confirmed by the broker: ${messageOf(cause)}`, { cause });
  }
}

/** No broker connection came back within the allowed time, or the bus is closed. */
export class BusUnavailableError extends Error {
  override name = 'BusUnavailableError';
  readonly code = 'BUS.UNAVAILABLE';
}

/**
 * A message that can never succeed (its data fails validation): dead-lettered at once instead of
 * being retried up to the delivery limit. Thrown by a use case, or recognised by its code: any
 * error whose `code` is `VALIDATION.FAILED` (the platform's code for invalid input) counts too.
 */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
  readonly code = 'BUS.POISON_MESSAGE';
}

export function isPoisonMessage(error: unknown): boolean {
  return (
    error instanceof PoisonMessageError || (error as { code?: unknown } | null)?.code === 'VALIDATION.FAILED'
  );
}

/**
 * A handler failure that a redelivery is expected to fix: a race with a concurrent transaction
 * (a row created meanwhile, a serialization failure, a deadlock). While deliveries remain it is
 * logged as a warning, not an error: nothing is wrong unless it keeps happening.
 */
export class TransientHandlerError extends Error {
  readonly transient = true;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // A subclass logs under its own name (LicenceRowRaceError, not TransientHandlerError).
    this.name = new.target.name;
  }
}

/** PostgreSQL's serialization_failure and deadlock_detected: retrying the transaction is the fix. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01']);

export function isTransientFailure(error: unknown): boolean {
  // Duck-typed too: a second copy of this package (another version) makes its own class.
  if (error instanceof TransientHandlerError || (error as { transient?: unknown } | null)?.transient === true)
    return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_SQLSTATES.has(code);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
