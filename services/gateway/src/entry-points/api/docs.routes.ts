import express, { Router } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Licence monitoring platform — API</title>
  <link rel="stylesheet" href="assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="assets/favicon-32x32.png">
</head>
<body>
  <div id="api"></div>
  <script src="assets/swagger-ui-bundle.js"></script>
  <script src="init.js"></script>
</body>
</html>
`;

// An external script, so the page runs under helmet's Content-Security-Policy (no inline script).
const init = `window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#api',
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
});
`;

/** A readable API page at /api/docs: Swagger UI, served from the swagger-ui-dist package's own files. */
export function docsRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${req.baseUrl}/`);
    res.type('html').send(page);
  });
  router.get('/init.js', (_req, res) => {
    res.type('js').send(init);
  });
  router.use('/assets', express.static(getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  return router;
}
