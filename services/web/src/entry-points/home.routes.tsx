import { Router } from 'express';
import { renderDocument } from '../app/document';
import { registerPage, redirect } from '../app/page';
import { webLocals } from '../app/web-context';
import { welcomePage } from '../pages/operator/welcome.page';

/** `/`: the sign-in invitation for visitors; each role's start page once signed in. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (req, res, next) => {
    if (webLocals(res).session) return next();
    res
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        renderDocument({
          title: 'Sign in',
          user: null,
          children: (
            <div class="lmp-landing">
              <h1 class="ecl-u-type-heading-1">Export licences for rare earths and magnets</h1>
              <p class="ecl-u-type-paragraph-l">
                EU companies register here the licence requests their Chinese suppliers filed with MOFCOM and keep
                their status up to date; the European Commission follows them up with the Chinese authorities.
              </p>
              <a class="ecl-button ecl-button--primary" href="/auth/login">
                Sign in with EU Login
              </a>
            </div>
          ),
        }),
      );
  });
  registerPage(router, 'get', '/', async (ctx) =>
    ctx.user.role === 'commission' ? redirect('/commission', 302) : welcomePage(ctx),
  );
  return router;
}
