import express, { Router, type RequestHandler } from 'express';
import { identityOf, requireIdentity, type IdentityVerifier } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import { AppError } from '@lmp/errors';
import { jsonBody, methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import type { Clock } from '../../domain/clock';
import { listDiscrepancies } from '../../domain/discrepancies/list-discrepancies.use-case';
import { listFeedback } from '../../domain/feedback/list-feedback.use-case';
import { receiveFeedback } from '../../domain/feedback/receive-feedback.use-case';
import { commissionOnly } from './commission-only.middleware';

const FILE_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

/** 10,000 rows of feedback are well under 1 MB as CSV; the limit leaves room for XLSX and wide cells. */
export const FEEDBACK_BODY_LIMIT = '5mb';

const mediaTypeOf = (req: express.Request) =>
  (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
const fileFormatOf = (req: express.Request) =>
  FILE_TYPES[mediaTypeOf(req) as keyof typeof FILE_TYPES] as 'csv' | 'xlsx' | undefined;

/**
 * MOFCOM feedback and the discrepancies it led to (Commission only). Mounted before the API's JSON
 * parser: the upload takes JSON rows or the raw CSV/XLSX file, each up to FEEDBACK_BODY_LIMIT, and
 * who may send it is checked before the body is read.
 */
export function feedbackRoutes({
  db,
  outbox,
  clock,
  verifyIdentity,
}: {
  db: Db;
  outbox: OutboxNotifier;
  clock: Clock;
  verifyIdentity: IdentityVerifier;
}): Router {
  const router = Router();
  const identify = [requireIdentity(verifyIdentity), commissionOnly];
  const readFile = express.raw({ type: Object.keys(FILE_TYPES), limit: FEEDBACK_BODY_LIMIT });
  const [requireJson, readJson] = jsonBody({ limit: FEEDBACK_BODY_LIMIT }) as [
    RequestHandler,
    RequestHandler,
  ];
  const readBody: RequestHandler = (req, res, next) => {
    if (fileFormatOf(req)) return readFile(req, res, next);
    if (!req.is(['application/json']) && req.headers['content-type'] !== undefined) {
      throw new AppError(
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send the rows as application/json, or the file as ${Object.keys(FILE_TYPES).join(' or ')}`,
      );
    }
    requireJson(req, res, (error?: unknown) => (error ? next(error) : readJson(req, res, next)));
  };

  router.post('/transmissions/feedback', ...identify, readBody, async (req, res) => {
    const format = fileFormatOf(req);
    const submission = await receiveFeedback({
      db,
      outbox,
      clock,
      identity: identityOf(req),
      upload: format
        ? { source: format, file: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) }
        : { source: 'json', body: req.body },
    });
    res.json(submission);
  });

  router.get('/transmissions/feedback', ...identify, async (req, res) => {
    res.json(await listFeedback({ db, query: req.query }));
  });

  router.get('/transmissions/discrepancies', ...identify, async (req, res) => {
    res.json(await listDiscrepancies({ db, query: req.query }));
  });

  // A known path with another method: 405 with Allow, once the caller is known to be the
  // Commission (anyone else gets 401/403 first, as on the other routes).
  router.use(['/transmissions/feedback', '/transmissions/discrepancies'], ...identify);
  router.use(methodNotAllowed(router));
  return router;
}
