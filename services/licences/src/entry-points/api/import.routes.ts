import express, { Router, type RequestHandler } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { AppError } from '@lmp/errors';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { assertOperatorWithCompany } from '../../domain/identity/actor';
import { importLicences } from '../../domain/import/import-licences.use-case';
import type { LicenceFileFormat } from '../../domain/import/licence-file.parser';
import { actorOf } from './actor.middleware';
import { idempotencyKeyOf } from './idempotency-key';

const FORMATS: Record<string, LicenceFileFormat> = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** A 5,000-row file is about 1.5 MB as CSV and less as XLSX. */
export const IMPORT_BODY_LIMIT = '5mb';

const formatOf = (contentType: string | undefined): LicenceFileFormat | undefined =>
  FORMATS[(contentType ?? '').split(';')[0]!.trim().toLowerCase()];

/**
 * POST /licences/import: the file is the raw body. Mounted before the JSON body parser, with its
 * own identity middleware, so who may import and what type is checked before the body is read.
 */
export function importRoutes(
  db: Db,
  options: { identify: RequestHandler[]; outbox: OutboxNotifier },
): Router {
  const router = Router();
  const readFile = express.raw({ type: Object.keys(FORMATS), limit: IMPORT_BODY_LIMIT });
  const acceptFile: RequestHandler = (req, _res, next) => {
    assertOperatorWithCompany(actorOf(req));
    if (!formatOf(req.headers['content-type'])) {
      throw new AppError(
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send the file as ${Object.keys(FORMATS).join(' or ')}`,
      );
    }
    next();
  };
  router.post('/licences/import', ...options.identify, acceptFile, readFile, async (req, res) => {
    const { report, replayed } = await importLicences({
      db,
      actor: actorOf(req),
      file: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      format: formatOf(req.headers['content-type'])!,
      query: req.query,
      idempotencyKey: idempotencyKeyOf(req),
      outbox: options.outbox,
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.json(report);
  });
  router.use(methodNotAllowed(router));
  return router;
}
