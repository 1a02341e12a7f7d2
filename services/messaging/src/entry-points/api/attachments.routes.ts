import { Router, type Response } from 'express';
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

/** Writes a chunk, resolving once the client can take more: false when it has gone away. */
function written(res: Response, chunk: Buffer): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onDrain = () => {
      res.off('close', onClose);
      resolve(true);
    };
    const onClose = () => {
      res.off('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * Sends the pages as the client reads them (one page in memory at a time). A client that hangs
 * up stops the reading; a failure after the status line can only cut the connection, which the
 * client sees as fewer bytes than Content-Length.
 */
async function sendPages(res: Response, pages: AsyncIterator<Buffer>, first: IteratorResult<Buffer>) {
  try {
    for (let page = first; !page.done; page = await pages.next()) {
      if (!(await written(res, page.value))) return;
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    await pages.return?.();
  }
}

/** GET /attachments/:id: always a download, never rendered by the browser, streamed from the database. */
export function attachmentRoutes(db: Db): Router {
  const router = Router();
  router.get('/attachments/:id', async (req, res) => {
    const file = await getAttachment(db, await callerFrom(db, req), uuidParam(req.params.id, 'attachment'));
    const pages = file.content[Symbol.asyncIterator]();
    // The first page before the status line: a database that fails here is still a problem+json answer.
    const first = req.method === 'HEAD' ? undefined : await pages.next();
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    if (first) await sendPages(res, pages, first);
    else res.end();
  });
  router.use(methodNotAllowed(router));
  return router;
}
