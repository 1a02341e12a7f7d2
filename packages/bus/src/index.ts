export { connectBus, type Bus, type BusOptions } from './bus';
export type { ReconnectOptions } from './connection';
export type { ConsumeOptions, Delivery, EventHandler, Subscription } from './consumer';
export {
  BusUnavailableError,
  isPoisonMessage,
  isTransientFailure,
  PoisonMessageError,
  PublishNotConfirmedError,
  TransientHandlerError,
  UnroutableEventError,
} from './errors';
export { claimEvent, claimEvents } from './processed-events';
export { groupCommit } from './group-commit';
export { idempotentHandler, type IdempotentHandlerOptions } from './idempotent-consumer';
export { appendToOutbox, outboxCte, toOutboxRows, type OutboxOptions, type OutboxRow } from './outbox';
export { deletePublishedOutboxRows } from './outbox-cleanup';
export { createOutboxNotifier, type OutboxNotifier } from './outbox-notifier';
export {
  relayOutboxBatch,
  startOutboxRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
  type RelayBatchOptions,
} from './outbox-relay';
export type { EventPublisher } from './publisher';
export { outboxChannel } from './sql';
export {
  DEFAULT_DEAD_LETTER_EXCHANGE,
  DEFAULT_DELIVERY_LIMIT,
  DEFAULT_EVENTS_EXCHANGE,
  consumerQueueArguments,
  deadLetterQueueName,
} from './topology';
