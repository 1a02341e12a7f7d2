import { z } from 'zod';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import { listBroadcasts as listBroadcastRows } from '../../data-access/broadcast.repository';
import type { Db } from '../../data-access/database';
import { toBroadcastView } from './broadcast-view';

const ZQuery = z.strictObject({
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
const ZKeyset = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Broadcasts sent, newest first. */
export async function listBroadcasts(db: Db, query: unknown) {
  const q = parseOrThrow(ZQuery, query);
  const page = await listBroadcastRows(db, decodeCursor(ZKeyset, q.cursor), q.limit);
  return {
    items: page.broadcasts.map(toBroadcastView),
    nextCursor: encodeCursor(page.next),
    total: page.total,
    totalExact: true,
  };
}
