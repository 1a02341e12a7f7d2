import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and every event caused by one request or message must carry. */
export interface RequestContext {
  requestId: string;
  correlationId: string;
  /** Id of the event being handled, when the work was caused by a message. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getContext(): RequestContext | undefined {
  return storage.getStore();
}
