import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { getThread } from '../../domain/threads/get-thread.use-case';
import { listThreads } from '../../domain/threads/list-threads.use-case';
import { markRead } from '../../domain/threads/mark-read.use-case';
import { postMessage, type PostMessageDeps } from '../../domain/threads/post-message.use-case';
import { commissionOnly } from './commission-only.middleware';
import { callerFrom, idempotencyKeyOf } from './caller.middleware';
import { messageInputOf } from './message-input';
import { uuidParam } from './uuid-param';

/** /messages (the Commission's inbox) and /messages/threads/… (everyone, tenant-checked). */
export function threadRoutes(deps: PostMessageDeps): Router {
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
    const threadId = uuidParam(req.params.id, 'thread');
    const { input, files } = await messageInputOf(req);
    const message = await postMessage(
      deps,
      caller,
      { kind: 'thread', threadId },
      input,
      files,
      idempotencyKeyOf(req),
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
