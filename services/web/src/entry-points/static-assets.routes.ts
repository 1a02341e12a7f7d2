import path from 'node:path';
import express, { Router } from 'express';

/** @ecl/preset-ec's dist folder (styles, scripts, images), as published on npm. */
const ECL_DIST = path.join(path.dirname(require.resolve('@ecl/preset-ec/package.json')), 'dist');
/** This service's own few additions (src/assets: web.css, web.js). */
const WEB_ASSETS = path.join(__dirname, '..', 'assets');

/**
 * Static files: ECL's for a year (`immutable`: they change only with the package's version, and a
 * new version is a new deployment); ours for an hour, as their names carry no version.
 */
export function staticAssetRoutes(): Router {
  const router = Router();
  router.use(
    '/static/ecl',
    express.static(ECL_DIST, { maxAge: '365d', immutable: true, index: false, fallthrough: false }),
  );
  router.use('/static/web', express.static(WEB_ASSETS, { maxAge: '1h', index: false, fallthrough: false }));
  return router;
}
