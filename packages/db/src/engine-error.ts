/** Something holding the errors thrown on the JS side of the engine (our adapter factory). */
export interface ErrorSource {
  errorRegistry?: { consumeError(id: number): { error: unknown } | undefined };
}

/**
 * The schema engine throws errors carrying a Prisma code (P3009…) and a multi-line message.
 * Errors raised in the driver adapter come back as "External error id#N"; the original is in
 * the factory's error registry, so we put its message in.
 */
export function engineErrorMessage(error: unknown, source?: ErrorSource): string {
  if (!(error instanceof Error)) return String(error);
  let message = error.message;
  const external = /External error id#(\d+)/.exec(message);
  const original = external && source?.errorRegistry?.consumeError(Number(external[1]))?.error;
  if (original) message = message.replace(external[0], describe(original));
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `[${code}] ${message}` : message;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as {
      message?: unknown;
      cause?: { originalMessage?: unknown; message?: unknown; kind?: unknown };
    };
    const detail = e.cause?.originalMessage ?? e.cause?.message ?? e.message ?? e.cause?.kind;
    if (typeof detail === 'string') return detail;
    return JSON.stringify(error);
  }
  return String(error);
}
