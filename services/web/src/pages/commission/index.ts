import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { registerPage } from '../../app/page';
import { batchFilePage, batchPage, cancelBatchPage, dispatchBatchPage, excludeItemPage } from './batch.page';
import { batchesPage, buildBatchPage } from './batches.page';
import { broadcastsPage, sendBroadcastPage } from './broadcasts.page';
import { claimsPage, decideClaimPage } from './claims.page';
import { dashboardPage } from './dashboard.page';
import { downloadExportPage, exportsPage } from './exports.page';
import { feedbackPage, uploadFeedbackPage } from './feedback.page';
import { inboxPage, replyPage, threadPage } from './inbox.page';
import { commissionLicencesPage } from './licences.page';
import { migrationPage, runMigrationPage } from './migration.page';

/** What the Commission pages need from the app beyond the page framework (nothing yet). */
export type CommissionPagesDeps = Record<string, never>;

/**
 * Every Commission page (role `commission`: an operator's session gets the 403 page). Downloads
 * (batch files, exports; attachments are W1's /attachments/:id) pass through the web app with the user's token.
 */
export function registerCommissionPages(router: Router, _deps: CommissionPagesDeps = {}): void {
  const commission = { role: 'commission' } as const;
  const get = (path: string, handler: Parameters<typeof registerPage>[3]) =>
    registerPage(router, 'get', path, handler, commission);
  const post = (path: string, handler: Parameters<typeof registerPage>[3]) =>
    registerPage(router, 'post', path, handler, commission);

  get('/commission', dashboardPage);
  get('/commission/licences', commissionLicencesPage);
  get('/commission/batches', batchesPage);
  post('/commission/batches', buildBatchPage);
  get('/commission/batches/:id', batchPage);
  get('/commission/batches/:id/file', batchFilePage);
  post('/commission/batches/:id/dispatch', dispatchBatchPage);
  post('/commission/batches/:id/cancel', cancelBatchPage);
  post('/commission/batches/:id/items/:licenceId/exclude', excludeItemPage);
  get('/commission/feedback', feedbackPage);
  post('/commission/feedback', uploadFeedbackPage);
  get('/commission/inbox', inboxPage);
  get('/commission/inbox/:id', threadPage);
  post('/commission/inbox/:id', replyPage);
  get('/commission/broadcasts', broadcastsPage);
  post('/commission/broadcasts', sendBroadcastPage);
  get('/commission/claims', (ctx) => claimsPage(ctx));
  post('/commission/claims/:id/decision', decideClaimPage);
  get('/commission/migration', migrationPage);
  post('/commission/migration', runMigrationPage);
  get('/commission/exports', exportsPage);
  get('/commission/exports/download', downloadExportPage);
}

/** The same as a router of its own, like operatorPages(). */
export function commissionPages(deps: CommissionPagesDeps = {}): Router {
  const router = Router();
  registerCommissionPages(router, deps);
  router.use(methodNotAllowed(router));
  return router;
}
