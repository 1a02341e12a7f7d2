import type { Request, RequestHandler, Response } from 'express';
import { getContext } from '@lmp/logger';
import { withFreshToken } from '../domain/sessions/current-session.use-case';
import { sameToken } from '../domain/sessions/session-ids';
import type { Session } from '../domain/sessions/session.types';
import { createApiClient, SignInRequiredError } from './api-client';
import { renderDocument } from './document';
import type { PageContext, PageHandler, PageOptions, PageResult } from './page.types';
import { BodyTooLargeError, readBody } from './read-body';
import { sendStatusPage } from './status-pages';
import { webLocals } from './web-context';

/** The path and query of the request, to come back to after a (new) sign-in. */
function pathOf(req: Request): string {
  return req.originalUrl.startsWith('/') ? req.originalUrl : '/';
}

function sendToSignIn(req: Request, res: Response): void {
  // After a POST the browser comes back to the page (GET); what it posted is not replayed.
  const returnTo = req.method === 'GET' ? pathOf(req) : (refererPath(req) ?? pathOf(req));
  res.redirect(303, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
}

function refererPath(req: Request): string | null {
  const referer = URL.parse(req.headers.referer ?? '');
  if (!referer || referer.host !== req.headers.host) return null;
  return `${referer.pathname}${referer.search}`;
}

function flatQuery(req: Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') query[key] = first;
  }
  return query;
}

/** Sign-in, role, CSRF (POST), the API client, then the handler's result sent as HTML or a redirect. */
export function pageMiddleware(handler: PageHandler, options: PageOptions): RequestHandler {
  return async (req, res, next) => {
    const started = performance.now();
    try {
      const { deps, session: found } = webLocals(res);
      let session: Session | null = found ? await withFreshToken(deps.sessions, found) : null;
      if (!session) return sendToSignIn(req, res);
      const user = { sub: session.sub, name: session.name, email: session.email, role: session.role };
      if (options.role && session.role !== options.role) return sendStatusPage(res, 403, { user });
      let body: Awaited<ReturnType<typeof readBody>> = { form: {}, files: [] };
      if (req.method === 'POST') {
        try {
          body = await readBody(req);
        } catch (error) {
          return sendStatusPage(res, error instanceof BodyTooLargeError ? 413 : 400, { user });
        }
        const token = body.form._csrf;
        if (!sameToken(Array.isArray(token) ? token[0] : token, session.csrfToken)) {
          return sendStatusPage(res, 403, {
            user,
            title: 'The form has expired',
            lead: 'For your security the form could not be accepted. Go back, reload the page and send it again.',
          });
        }
      }
      const api = createApiClient({
        gatewayUrl: deps.gatewayUrl,
        accessToken: async () => session!.accessToken,
        requestId: getContext()?.requestId,
      });
      const ctx: PageContext = {
        req,
        user,
        csrfToken: session.csrfToken,
        api,
        params: Object.fromEntries(
          Object.entries(req.params).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : String(value)]),
        ),
        query: flatQuery(req),
        form: body.form,
        files: body.files,
        path: pathOf(req),
      };
      let result: PageResult;
      try {
        result = await handler(ctx);
      } catch (error) {
        if (!(error instanceof SignInRequiredError)) throw error;
        // The gateway refused the token (expired early, revoked): refresh once and retry a GET;
        // otherwise a new sign-in that comes back here.
        session = req.method === 'GET' ? await withFreshToken(deps.sessions, session, { force: true }) : null;
        if (!session) return sendToSignIn(req, res);
        result = await handler(ctx);
      }
      if (result.kind === 'redirect') return res.redirect(result.status ?? 303, result.location);
      if (result.kind === 'file') return sendDownload(res, result.response, user);
      const renderStart = performance.now();
      const html = renderDocument({
        title: result.title,
        user: { name: user.name, role: user.role },
        csrfToken: session.csrfToken,
        active: result.active,
        notices: result.notices,
        children: result.body,
      });
      // The server's own share of the page (the API calls are the rest), for benchmarks and DevTools.
      const renderMs = performance.now() - renderStart;
      res
        .status(result.status ?? 200)
        .type('html')
        .setHeader('Cache-Control', 'no-store')
        .setHeader('Server-Timing', `render;dur=${renderMs.toFixed(2)}, page;dur=${(performance.now() - started).toFixed(2)}`)
        .send(html);
    } catch (error) {
      if (error instanceof SignInRequiredError) return sendToSignIn(req, res);
      next(error);
    }
  };
}

const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'last-modified'];

/** An API download to the browser; an API refusal becomes the matching status page. */
async function sendDownload(res: Response, response: globalThis.Response, user: PageContext['user']): Promise<void> {
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const status = response.status === 503 ? 503 : response.status === 403 ? 403 : response.status >= 500 ? 500 : 404;
    return sendStatusPage(res, status, { user });
  }
  res.status(response.status);
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.setHeader('Cache-Control', 'private, no-store');
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
}
