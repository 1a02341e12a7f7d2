import { Router } from 'express';
import { attachmentRoutes } from '../entry-points/attachments.routes';
import { authRoutes } from '../entry-points/auth/auth.routes';
import { homeRoutes } from '../entry-points/home.routes';
import { staticAssetRoutes } from '../entry-points/static-assets.routes';
import { commissionPages } from '../pages/commission';
import { operatorPages } from '../pages/operator';
import { areaOf } from './role-guard';
import { errorPage, notFoundPage } from './error-pages';
import { loadSession, type WebDeps } from './web-context';

/** Static files, then the session, sign-in, every page, and HTML 404 and error pages last. */
export function webRoutes(deps: WebDeps, options: { publicUrl: string }): Router {
  const router = Router();
  router.use(staticAssetRoutes());
  router.use(loadSession(deps));
  router.use(authRoutes(deps, options));
  router.use(homeRoutes());
  router.use(operatorPages());
  router.use('/commission', areaOf('commission'));
  router.use(commissionPages());
  router.use(attachmentRoutes());
  router.use(notFoundPage());
  router.use(errorPage(deps.logger));
  return router;
}
