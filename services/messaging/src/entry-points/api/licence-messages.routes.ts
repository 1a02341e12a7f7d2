import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { getGeneralThread, getLicenceThread } from '../../domain/threads/get-thread.use-case';
import { postMessage, type PostMessageDeps } from '../../domain/threads/post-message.use-case';
import { callerFrom, idempotencyKeyOf } from './caller.middleware';
import { messageInputOf } from './message-input';
import { uuidParam } from './uuid-param';

/** A licence's thread (/licences/:id/messages) and the company's general one (/me/company/messages). */
export function licenceMessageRoutes(deps: PostMessageDeps): Router {
  const { db } = deps;
  const router = Router();
  router.get('/licences/:id/messages', async (req, res) => {
    res.json(await getLicenceThread(db, await callerFrom(db, req), uuidParam(req.params.id, 'licence')));
  });
  router.post('/licences/:id/messages', async (req, res) => {
    const caller = await callerFrom(db, req);
    const licenceId = uuidParam(req.params.id, 'licence');
    const { input, files } = await messageInputOf(req);
    res
      .status(201)
      .json(
        await postMessage(deps, caller, { kind: 'licence', licenceId }, input, files, idempotencyKeyOf(req)),
      );
  });
  router.get('/me/company/messages', async (req, res) => {
    res.json(await getGeneralThread(db, await callerFrom(db, req)));
  });
  router.post('/me/company/messages', async (req, res) => {
    const caller = await callerFrom(db, req);
    const { input, files } = await messageInputOf(req);
    res
      .status(201)
      .json(await postMessage(deps, caller, { kind: 'general' }, input, files, idempotencyKeyOf(req)));
  });
  router.use(methodNotAllowed(router));
  return router;
}
