import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { getThread } from '../../domain/threads/get-thread.use-case';
import { listThreads } from '../../domain/threads/list-threads.use-case';
import { markRead } from '../../domain/threads/mark-read.use-case';
import {
  assertMayPost,
  postMessage,
  type MessageTarget,
  type PostMessageDeps,
} from '../../domain/threads/post-message.use-case';
import { commissionOnly } from './commission-only.middleware';
import { callerFrom, idempotencyKeyOf } from './caller.middleware';
import { withMessageInput, type UploadSettings } from './message-input';
import { uuidParam } from './uuid-param';

/** /messages (the Commission's inbox) and /messages/threads/… (everyone, tenant-checked). */
export function threadRoutes(deps: PostMessageDeps & UploadSettings): Router {
  const { db } = deps;
  const router = Router();
  router.get('/messages', commissionOnly, async (req, res) => {
    res.json(await listThreads(db, await callerFrom(db, req), req.query));
  });
  router.get('/messages/threads', async (req, res) => {
    res.json(await listThreads(db, await callerFrom(db, req), req.query));
  });
  router.get('/messages/threads/:id', async (req, res) => {
    res.json(await getThread(db, await callerFrom(db, req), uuidParam(req.params.id, 'thread')));
  });
  router.post('/messages/threads/:id/messages', async (req, res) => {
    const caller = await callerFrom(db, req);
    const target: MessageTarget = { kind: 'thread', threadId: uuidParam(req.params.id, 'thread') };
    // Before the body: another company's thread is 404 without its files being read.
    await assertMayPost(db, caller, target);
    const message = await withMessageInput(req, deps, (input, files) =>
      postMessage(deps, caller, target, input, files, idempotencyKeyOf(req)),
    );
    res.status(201).json(message);
  });
  router.post('/messages/threads/:id/read', async (req, res) => {
    await markRead(db, deps.clock, await callerFrom(db, req), uuidParam(req.params.id, 'thread'));
    res.status(204).end();
  });
  router.use(methodNotAllowed(router));
  return router;
}
