import { ZSnapshotCompany, ZSnapshotEnd, ZSnapshotLicence } from './snapshot-lines.schema';
import type { SnapshotEnd, SnapshotKind, SnapshotLines } from './snapshot-lines.schema';

export interface SnapshotSource {
  /** The licences service's base URL (not the gateway's). */
  url: string;
  /** Reporting's snapshot key. */
  key: string;
}

/** The snapshot could not be read whole: refused, cut short, or a line of the wrong shape. */
export class SnapshotReadError extends Error {
  override name = 'SnapshotReadError';
}

const SCHEMAS = { companies: ZSnapshotCompany, licences: ZSnapshotLicence };

/** The lines of a body, one at a time: memory holds one chunk and one line, whatever the size. */
async function* linesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending) yield pending;
}

function parseLine(text: string, number: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SnapshotReadError(`line ${number} of the snapshot is not JSON`);
  }
}

export interface SnapshotStream<K extends SnapshotKind> {
  rows: AsyncIterable<SnapshotLines[K]>;
  /** The end line, once every row has been read (undefined before). */
  readonly end: SnapshotEnd | undefined;
}

/**
 * One snapshot of the licences service, each line validated, in the service's id order. The rows
 * throw at the end when the stream stopped without its end line (or its count disagrees with the
 * rows read), so a partial snapshot is never taken for the whole. Reading pauses the server: the
 * next chunk is asked for only when the caller wants more rows.
 */
export function openSnapshot<K extends SnapshotKind>(
  source: SnapshotSource,
  kind: K,
  options: { signal?: AbortSignal } = {},
): SnapshotStream<K> {
  let end: SnapshotEnd | undefined;
  const rows = readRows(source, kind, options.signal, (last) => {
    end = last;
  });
  return {
    rows,
    get end() {
      return end;
    },
  };
}

async function* readRows<K extends SnapshotKind>(
  source: SnapshotSource,
  kind: K,
  signal: AbortSignal | undefined,
  onEnd: (end: SnapshotEnd) => void,
): AsyncGenerator<SnapshotLines[K]> {
  const response = await fetch(`${source.url}/internal/v1/snapshot/${kind}`, {
    headers: { authorization: `Bearer ${source.key}`, accept: 'application/x-ndjson' },
    signal,
  }).catch((error: unknown) => {
    throw new SnapshotReadError(`the licences snapshot at ${source.url} cannot be reached`, { cause: error });
  });
  if (response.status !== 200 || !response.body) {
    const detail = (await response.text().catch(() => '')).slice(0, 500);
    throw new SnapshotReadError(`the licences snapshot of ${kind} answered ${response.status}: ${detail}`);
  }
  const schema = SCHEMAS[kind];
  let count = 0;
  let end: SnapshotEnd | undefined;
  for await (const text of linesOf(response.body)) {
    if (end) throw new SnapshotReadError(`the snapshot of ${kind} goes on after its end line`);
    const line = parseLine(text, count + 1) as Record<string, unknown>;
    if (line.end === true) {
      const parsed = ZSnapshotEnd.safeParse(line);
      if (!parsed.success)
        throw new SnapshotReadError(`the end line of the snapshot of ${kind} is malformed`);
      end = parsed.data;
      continue;
    }
    const row = schema.safeParse(line);
    if (!row.success) {
      throw new SnapshotReadError(
        `line ${count + 1} of the snapshot of ${kind} has the wrong shape: ${row.error.message}`,
      );
    }
    count += 1;
    yield row.data as SnapshotLines[K];
  }
  if (!end)
    throw new SnapshotReadError(`the snapshot of ${kind} was cut short after ${count} rows (no end line)`);
  if (end.count !== count) {
    throw new SnapshotReadError(`the snapshot of ${kind} says ${end.count} rows but carried ${count}`);
  }
  onEnd(end);
}
