import { z } from 'zod';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { openSnapshot } from '../../data-access/snapshot.repository';
import type { SnapshotEnd, SnapshotKind, SnapshotSession } from './snapshot.types';

export const ZSnapshotQuery = z.strictObject({
  /** Only rows changed at or after this instant (an incremental check); all rows without it. */
  since: z.iso.datetime({ offset: true }).optional(),
});

export interface StreamSnapshotOptions {
  db: Db;
  kind: SnapshotKind;
  query: unknown;
  pageSize: number;
  idleTimeoutMs: number;
  /**
   * Takes one chunk of NDJSON (whole lines); resolves when the reader can take more, so a slow
   * reader slows the reading of pages instead of filling memory.
   */
  write(chunk: string): Promise<void>;
  /** Aborted when the reader went away: no further page is read. */
  signal?: AbortSignal;
}

const pageOf = (session: SnapshotSession, kind: SnapshotKind) =>
  kind === 'companies' ? session.companies.bind(session) : session.licences.bind(session);

/**
 * Streams every company or licence, in id order, one JSON object per line, then the end line
 * `{"end":true,"count":N,"asOf":…}`. Pages are read by key from one consistent snapshot, so a
 * row appears exactly once and as it was at `asOf`, however long the stream takes; at most one
 * page is in memory at a time.
 */
export async function streamSnapshot(options: StreamSnapshotOptions): Promise<SnapshotEnd> {
  const { since } = parseOrThrow(ZSnapshotQuery, options.query);
  const session = await openSnapshot(options.db, { idleTimeoutMs: options.idleTimeoutMs });
  try {
    const readPage = pageOf(session, options.kind);
    let after: string | null = null;
    let count = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const rows: { id: string }[] = await readPage({ after, limit: options.pageSize, since });
      if (rows.length === 0) break;
      count += rows.length;
      after = rows[rows.length - 1]!.id;
      await options.write(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      if (rows.length < options.pageSize) break;
    }
    const end: SnapshotEnd = { end: true, count, asOf: session.asOf };
    await options.write(`${JSON.stringify(end)}\n`);
    return end;
  } finally {
    await session.close();
  }
}
