import express, { Router, type RequestHandler } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { AppError } from '@lmp/errors';
import { jsonBody, methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { MIGRATION_IS_THE_COMMISSIONS } from '../../domain/eusurvey-migration/eusurvey-migration.types';
import { assertCommission } from '../../domain/identity/actor';
import {
  getMigrationOverview,
  getMigrationRun,
  getUnreviewedByCompany,
} from '../../domain/eusurvey-migration/migration-overview.use-case';
import { runEusurveyMigration } from '../../domain/eusurvey-migration/run-eusurvey-migration.use-case';
import { actorOf } from './actor.middleware';
import { licenceReviewRoutes } from './licence-review.routes';

const FILE_TYPES = {
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

/** The whole survey (about 2,000 rows) is well under 1 MB as CSV; the gateway's upload limit is the same. */
export const MIGRATION_BODY_LIMIT = '5mb';

const fileFormatOf = (req: express.Request) =>
  FILE_TYPES[
    (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() as keyof typeof FILE_TYPES
  ] as 'csv' | 'xlsx' | undefined;

/**
 * The EU Survey migration (Commission only) and the operators' review of migrated licences.
 * Mounted before the API's JSON parser: the migration takes the raw CSV/XLSX export or JSON
 * rows, each up to MIGRATION_BODY_LIMIT, and who may send it is checked before the body is read.
 */
export function migrationRoutes(
  db: Db,
  options: { identify: RequestHandler[]; outbox: OutboxNotifier },
): Router {
  const { identify, outbox } = options;
  const router = Router();
  const commissionOnly: RequestHandler = (req, _res, next) => {
    assertCommission(actorOf(req), MIGRATION_IS_THE_COMMISSIONS);
    next();
  };
  const readFile = express.raw({ type: Object.keys(FILE_TYPES), limit: MIGRATION_BODY_LIMIT });
  const [requireJson, readJson] = jsonBody({ limit: MIGRATION_BODY_LIMIT }) as [
    RequestHandler,
    RequestHandler,
  ];
  const readBody: RequestHandler = (req, res, next) => {
    if (fileFormatOf(req)) return readFile(req, res, next);
    if (!req.is(['application/json']) && req.headers['content-type'] !== undefined) {
      throw new AppError(
        'HTTP.UNSUPPORTED_MEDIA_TYPE',
        `Send the export as ${Object.keys(FILE_TYPES).join(' or ')}, or its rows as application/json`,
      );
    }
    requireJson(req, res, (error?: unknown) => (error ? next(error) : readJson(req, res, next)));
  };
  const only = [...identify, commissionOnly];

  router.post('/migrations/eusurvey', ...only, readBody, async (req, res) => {
    const format = fileFormatOf(req);
    const actor = actorOf(req);
    const fileName = req.header('x-file-name') ?? undefined;
    const report = await runEusurveyMigration({
      db,
      outbox,
      runner: { id: actor.userId, name: actor.name, eventActor: actor },
      upload: format
        ? { file: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), format, fileName }
        : { json: req.body ?? {} },
      query: req.query,
    });
    res.json(report);
  });

  router.get('/migrations/eusurvey', ...only, async (req, res) => {
    res.json(await getMigrationOverview({ db, actor: actorOf(req) }));
  });

  router.get('/migrations/eusurvey/unreviewed', ...only, async (req, res) => {
    res.json(await getUnreviewedByCompany({ db, actor: actorOf(req) }));
  });

  router.get('/migrations/eusurvey/runs/:id', ...only, async (req, res) => {
    res.json(await getMigrationRun({ db, actor: actorOf(req), runId: String(req.params.id) }));
  });

  // A known path with another method: 405 with Allow, once the caller is known to be the Commission.
  router.use('/migrations', ...only);
  router.use(methodNotAllowed(router));

  // The operators' side: their own JSON body and identity, as the routes after the JSON parser have.
  const review = Router();
  review.use('/licences/:id/review', jsonBody(), ...identify);
  review.use(licenceReviewRoutes(db, { outbox }));
  return Router().use(router, review);
}
