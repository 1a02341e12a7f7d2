import { Router, type Request, type Response } from 'express';
import { AppError } from '@lmp/errors';
import { methodNotAllowed } from '@lmp/http';
import type { Logger } from '@lmp/logger';
import type { Db } from '../../data-access/database';
import type { SnapshotClient } from '../../domain/snapshot/snapshot-clients';
import type { SnapshotKind } from '../../domain/snapshot/snapshot.types';
import { streamSnapshot } from '../../domain/snapshot/stream-snapshot.use-case';
import { requireSnapshotClient } from './snapshot-client.middleware';

export interface SnapshotRoutesOptions {
  db: Db;
  logger: Logger;
  clients: readonly SnapshotClient[];
  pageSize: number;
  maxConcurrent: number;
  idleTimeoutMs: number;
}

/** Resolves once the response can take more (or rejects when the reader has gone). */
function writer(res: Response): (chunk: string) => Promise<void> {
  return (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (res.destroyed) {
        reject(new Error('the snapshot reader went away'));
        return;
      }
      if (!res.headersSent) {
        res.status(200);
        res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
      }
      if (res.write(chunk)) {
        resolve();
        return;
      }
      const onDrain = () => {
        res.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        res.off('drain', onDrain);
        reject(new Error('the snapshot reader went away'));
      };
      res.once('drain', onDrain);
      res.once('close', onClose);
    });
}

/**
 * The internal snapshot (docs/security.md, "Internal snapshot"): every company and licence as
 * NDJSON, for services that rebuild or check a read model. Mounted outside /api/v1, so the
 * gateway, which forwards only the /api/v1 paths of its route table, never routes it.
 */
export function snapshotRoutes(options: SnapshotRoutesOptions): Router {
  const { db, logger, pageSize, idleTimeoutMs } = options;
  const router = Router();
  let streaming = 0;

  const serve = (kind: SnapshotKind) => async (req: Request, res: Response) => {
    if (req.method === 'HEAD') {
      // Express answers HEAD with the GET handler: no snapshot to read for a body nobody gets.
      res.status(200).type('application/x-ndjson; charset=utf-8').end();
      return;
    }
    // Each stream holds a connection for its whole length: a few at once, so the API keeps the rest.
    if (streaming >= options.maxConcurrent) {
      throw new AppError('RATE_LIMITED', `At most ${options.maxConcurrent} snapshots stream at once`, {
        retryAfter: 5,
      });
    }
    streaming += 1;
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const end = await streamSnapshot({
        db,
        kind,
        query: req.query,
        pageSize,
        idleTimeoutMs,
        write: writer(res),
        signal: gone.signal,
      });
      res.end();
      logger.info(
        { kind, client: res.locals.snapshotClient, count: end.count, asOf: end.asOf },
        'snapshot streamed',
      );
    } catch (error) {
      // Before the first line, the error handler answers problem+json; after it, the status is
      // sent, so the stream is cut without its end line, which is how the reader knows.
      if (!res.headersSent) throw error;
      logger.warn(
        { kind, client: res.locals.snapshotClient, reason: (error as Error).message },
        'snapshot stream cut short',
      );
      res.destroy();
    } finally {
      streaming -= 1;
    }
  };

  router.use('/internal/v1/snapshot', requireSnapshotClient(options.clients));
  router.get('/internal/v1/snapshot/companies', serve('companies'));
  router.get('/internal/v1/snapshot/licences', serve('licences'));
  router.use(methodNotAllowed(router));
  return router;
}
