import { z } from 'zod';
import { ZFeedbackListQuery, type FeedbackSubmission } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '@lmp/service';
import type { Db } from '../../data-access/database';
import { listSubmissions } from '../../data-access/feedback.repository';

const ZKeyset = z.strictObject({ receivedAt: z.iso.datetime(), id: z.uuid() });

/** GET /transmissions/feedback: submissions newest first, each with its per-row outcomes, in pages. */
export async function listFeedback({
  db,
  query,
}: {
  db: Db;
  query: unknown;
}): Promise<{ items: FeedbackSubmission[]; nextCursor: string | null }> {
  const { limit, cursor } = parseOrThrow(ZFeedbackListQuery, query);
  const { submissions, next } = await listSubmissions(db, decodeCursor(ZKeyset, cursor), limit);
  return { items: submissions, nextCursor: encodeCursor(next) };
}
