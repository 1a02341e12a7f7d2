import { randomUUID } from 'node:crypto';
import { ZMessageInput, type Message } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { findLicence } from '../../data-access/licence.repository';
import {
  findMessageIdByIdempotencyKey,
  insertAttachments,
  insertMessage,
  listMessages,
} from '../../data-access/message.repository';
import { findThread, openThread, touchThread } from '../../data-access/thread.repository';
import type { Clock } from '../clock';
import { assertCompanyOf, assertMaySee, type Caller } from '../identity/caller';
import type { MailQueue } from '../notifications/mail.types';
import { newMessageMails } from '../notifications/new-message.notifications';
import type { NotificationLinks } from '../notifications/notification-links';
import type { AcceptedFile } from './thread.types';
import { replayEarlier } from './idempotent-replay';
import { GENERAL_SUBJECT, licenceSubject, toMessageView } from './views';

/** Where a message goes: an existing thread, a licence's thread, or the caller's company's general one. */
export type MessageTarget =
  { kind: 'thread'; threadId: string } | { kind: 'licence'; licenceId: string } | { kind: 'general' };

export interface PostMessageDeps {
  db: Db;
  clock: Clock;
  mail: MailQueue;
  links: NotificationLinks;
}

interface ResolvedTarget {
  companyId: string;
  licenceId: string | null;
  licenceNumber: string | null;
  subject: string;
  threadId?: string;
}

async function resolve(db: Db, caller: Caller, target: MessageTarget): Promise<ResolvedTarget> {
  if (target.kind === 'thread') {
    const thread = await findThread(db, target.threadId);
    if (!thread) throw new AppError('RESOURCE.NOT_FOUND', 'No such thread');
    assertMaySee(caller, thread.companyId);
    return {
      companyId: thread.companyId,
      licenceId: thread.licenceId,
      licenceNumber: thread.licenceNumber,
      subject: thread.subject,
      threadId: thread.id,
    };
  }
  if (target.kind === 'licence') {
    const licence = await findLicence(db, target.licenceId);
    if (!licence) throw new AppError('RESOURCE.NOT_FOUND', 'No such licence');
    assertMaySee(caller, licence.companyId, 'licence');
    return {
      companyId: licence.companyId,
      licenceId: licence.id,
      licenceNumber: licence.licenceNumber,
      subject: licenceSubject(licence.licenceNumber),
    };
  }
  return {
    companyId: assertCompanyOf(caller),
    licenceId: null,
    licenceNumber: null,
    subject: GENERAL_SUBJECT,
  };
}

/**
 * Who may post where, on its own: the routes check it before they read a body, so an upload to
 * another company's licence or thread is 404 (an operator without a company 403) before any of
 * its files arrive. postMessage checks again once the body is in: the licence may have moved
 * to another company while the files were uploading.
 */
export async function assertMayPost(db: Db, caller: Caller, target: MessageTarget): Promise<void> {
  await resolve(db, caller, target);
}

/**
 * Posts a message (with its checked files) in one transaction: the thread is opened by the first
 * message, the other side's unread count goes up, and the e-mail it causes is written to the
 * e-mail outbox in the same transaction, so a message is never without its mail nor mail
 * without its message. A retry with the same Idempotency-Key returns the first message; the key
 * reused for another thread, body or files is 422 `idempotency-key-reused`.
 */
export async function postMessage(
  deps: PostMessageDeps,
  caller: Caller,
  target: MessageTarget,
  input: unknown,
  files: AcceptedFile[],
  idempotencyKey?: string,
): Promise<Message> {
  const { body } = parseOrThrow(ZMessageInput, input);
  const resolved = await resolve(deps.db, caller, target);
  if (idempotencyKey) {
    const earlier = await findMessageIdByIdempotencyKey(deps.db, caller.key, idempotencyKey);
    if (earlier) return replayEarlier(deps.db, caller, { ...resolved, body, files }, earlier);
  }
  const at = deps.clock();
  const id = randomUUID();
  const outcome = await withTransaction(deps.db, async (tx) => {
    const thread = await openThread(tx, {
      id: randomUUID(),
      companyId: resolved.companyId,
      licenceId: resolved.licenceId,
      subject: resolved.subject,
      at,
    });
    // The licence was transferred between the check above and this lock: the thread is no longer
    // the caller's company's (nor do its earlier holder's messages come after its transfer).
    if (thread.companyId !== resolved.companyId) throw new AppError('RESOURCE.NOT_FOUND', 'No such thread');
    const threadId = thread.id;
    const inserted = await insertMessage(tx, {
      id,
      threadId,
      authorSide: caller.side,
      authorKey: caller.key,
      authorName: caller.name,
      subject: null,
      body,
      createdAt: at,
      broadcastId: null,
      idempotencyKey: idempotencyKey ?? null,
    });
    // The same key raced in by a parallel retry: that one wins, this one writes nothing.
    if (!inserted) return { threadId, mails: 0 };
    await insertAttachments(tx, id, files);
    await touchThread(tx, threadId, caller.side, at);
    const mails = await newMessageMails(tx, deps, {
      messageId: id,
      threadId,
      companyId: resolved.companyId,
      licenceId: resolved.licenceId,
      licenceNumber: resolved.licenceNumber,
      subject: resolved.subject,
      authorSide: caller.side,
      body,
    });
    return { threadId, mails };
  });
  if (outcome.mails > 0) deps.mail.wake();
  const found = idempotencyKey
    ? await findMessageIdByIdempotencyKey(deps.db, caller.key, idempotencyKey)
    : { id };
  // A parallel retry with the same key won the race: answer its message if it is the same request.
  if (found && found.id !== id && 'threadId' in found)
    return replayEarlier(deps.db, caller, { ...resolved, body, files }, found);
  return (await messageView(deps.db, outcome.threadId, found?.id ?? id, caller))!;
}

async function messageView(db: Db, threadId: string, messageId: string, caller: Caller) {
  const [message] = await listMessages(db, threadId, [messageId]);
  return message && toMessageView(message, caller.side);
}
