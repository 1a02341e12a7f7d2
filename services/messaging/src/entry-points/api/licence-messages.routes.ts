import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { getGeneralThread, getLicenceThread } from '../../domain/threads/get-thread.use-case';
import {
  assertMayPost,
  postMessage,
  type MessageTarget,
  type PostMessageDeps,
} from '../../domain/threads/post-message.use-case';
import { callerFrom, idempotencyKeyOf } from './caller.middleware';
import { withMessageInput, type UploadSettings } from './message-input';
import { uuidParam } from './uuid-param';

/** A licence's thread (/licences/:id/messages) and the company's general one (/me/company/messages). */
export function licenceMessageRoutes(deps: PostMessageDeps & UploadSettings): Router {
  const { db } = deps;
  const router = Router();
  router.get('/licences/:id/messages', async (req, res) => {
    res.json(await getLicenceThread(db, await callerFrom(db, req), uuidParam(req.params.id, 'licence')));
  });
  router.post('/licences/:id/messages', async (req, res) => {
    const caller = await callerFrom(db, req);
    const target: MessageTarget = { kind: 'licence', licenceId: uuidParam(req.params.id, 'licence') };
    // Before the body: another company's licence is 404 without its files being read.
    await assertMayPost(db, caller, target);
    const message = await withMessageInput(req, deps, (input, files) =>
      postMessage(deps, caller, target, input, files, idempotencyKeyOf(req)),
    );
    res.status(201).json(message);
  });
  router.get('/me/company/messages', async (req, res) => {
    res.json(await getGeneralThread(db, await callerFrom(db, req)));
  });
  router.post('/me/company/messages', async (req, res) => {
    const caller = await callerFrom(db, req);
    const target: MessageTarget = { kind: 'general' };
    await assertMayPost(db, caller, target);
    const message = await withMessageInput(req, deps, (input, files) =>
      postMessage(deps, caller, target, input, files, idempotencyKeyOf(req)),
    );
    res.status(201).json(message);
  });
  router.use(methodNotAllowed(router));
  return router;
}
