import { createHash } from 'node:crypto';
import type { Message } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { listMessages } from '../../data-access/message.repository';
import { findThread } from '../../data-access/thread.repository';
import type { Caller } from '../identity/caller';
import type { AcceptedFile } from './thread.types';
import { toMessageView } from './views';

/** What a post asks for: its target (as resolved), its body and its files. */
export interface PostRequest {
  companyId: string;
  licenceId: string | null;
  threadId?: string;
  body: string;
  files: AcceptedFile[];
}

/**
 * A retry with an Idempotency-Key already used by the caller: the same request (same thread,
 * body and files) answers the first message; another one is 422 `idempotency-key-reused`, as
 * for broadcasts, rather than silently answering a message that says something else.
 */
export async function replayEarlier(
  db: Db,
  caller: Caller,
  request: PostRequest,
  earlier: { id: string; threadId: string },
): Promise<Message> {
  const [thread, [message]] = await Promise.all([
    findThread(db, earlier.threadId),
    listMessages(db, earlier.threadId, [earlier.id]),
  ]);
  const sameTarget = request.threadId
    ? thread?.id === request.threadId
    : thread?.licenceId === request.licenceId && thread?.companyId === request.companyId;
  const sameFiles =
    message !== undefined &&
    message.attachments.length === request.files.length &&
    request.files.every(
      (f, i) => createHash('sha256').update(f.content).digest('hex') === message.attachments[i]!.sha256,
    );
  if (!message || !sameTarget || message.body !== request.body || !sameFiles)
    throw new AppError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for another message');
  return toMessageView(message, caller.side);
}
