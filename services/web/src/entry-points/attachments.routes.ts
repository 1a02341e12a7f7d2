import { Router } from 'express';
import { passThrough, registerPage } from '../app/page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /attachments/:id: a message's attachment, for whoever the API lets see it (either role). */
export function attachmentRoutes(): Router {
  const router = Router();
  registerPage(router, 'get', '/attachments/:id', async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!UUID.test(id)) return passThrough(new Response(null, { status: 404 }));
    return passThrough(await ctx.api.raw(`/attachments/${id}`));
  });
  return router;
}
