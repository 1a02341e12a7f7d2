import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { getAttachment } from '../../domain/attachments/get-attachment.use-case';
import { callerFrom } from './caller.middleware';
import { uuidParam } from './uuid-param';

/**
 * `filename` for old clients (printable ASCII, no quotes or backslashes), `filename*` (RFC 5987)
 * with the real name: percent-encoded UTF-8 of everything outside attr-char, so `'()*` too
 * (encodeURIComponent leaves them, and `'` is the delimiter of the charset and language).
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** GET /attachments/:id: always a download, never rendered by the browser. */
export function attachmentRoutes(db: Db): Router {
  const router = Router();
  router.get('/attachments/:id', async (req, res) => {
    const file = await getAttachment(db, await callerFrom(db, req), uuidParam(req.params.id, 'attachment'));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.content.length));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.end(file.content);
  });
  router.use(methodNotAllowed(router));
  return router;
}
