/**
 * How a page is written (for everyone adding pages under src/pages/**).
 *
 *   import { registerPage, render, redirect, fieldErrorsOf } from '../../app/page';
 *
 *   export function licencesPages(router: Router) {
 *     registerPage(router, 'get', '/licences', listLicences, { role: 'operator' });
 *     registerPage(router, 'post', '/licences/new', registerLicence, { role: 'operator' });
 *   }
 *
 *   async function listLicences(ctx: PageContext): Promise<PageResult> {
 *     const answer = await ctx.api.get<Page<Licence>>('/licences', { query: { status: ctx.query.status } });
 *     if (answer.kind === 'unavailable') return render('Licences', <Notification … />);
 *     if (answer.kind === 'problem') return render('Licences', <Form errors={fieldErrorsOf(answer.problem)} />, { status: answer.status });
 *     return render('Licences', <Table rows={answer.data.items} />, { active: 'licences' });
 *   }
 *
 * - A handler gets a PageContext and returns a PageResult: `render(title, vnode, { status, active,
 *   notices })` (wrapped in the one Layout with the signed-in user and the CSRF token) or
 *   `redirect(location)` (303 after a POST, so a reload does not post again).
 * - `registerPage` checks sign-in (none → EU Login, then back to the same page), the role
 *   (`role: 'commission'` → 403 page for operators), and for every POST the CSRF token: each form
 *   must carry `<input type="hidden" name="_csrf" value={ctx.csrfToken} />` (missing or wrong →
 *   403 page). POST bodies are parsed for you: urlencoded into `ctx.form`, multipart into
 *   `ctx.form` + `ctx.files`.
 * - `ctx.api` calls the gateway's public API (`/api/v1` is prefixed) with the user's access token,
 *   which never reaches the browser. Each call answers one of three kinds:
 *     `ok` (2xx, `data` = the JSON), `problem` (4xx with problem+json; `problem.errors` lists bad
 *     fields), `unavailable` (503 or the gateway unreachable: show a "not available" notice, never
 *     an error page). A 401 (token expired) is handled here: refresh, else a new sign-in that
 *     returns to the page. Other 5xx throw and become the error page.
 * - Downloads (attachments, exports): `return passThrough(await ctx.api.raw('/reports/export?format=csv'))`.
 * - Field errors: `fieldErrorsOf(problem, { 'exporter.name': 'exporterName' })` → `{ field: message }`
 *   keyed by the form field's name (API field names by default); pass it to the form fields and
 *   the ErrorSummary, and re-render with the values the user typed (`ctx.form`).
 */
import type { Router } from 'express';
import type { VNode } from 'preact';
import { pageMiddleware } from './page-middleware';
import type { FieldErrors, FormBody, PageHandler, PageOptions, PageResult, Problem, RenderOptions } from './page.types';

export * from './page.types';

export function render(title: string, body: VNode, options: RenderOptions = {}): PageResult {
  return { kind: 'render', title, body, ...options };
}

/** 303 See Other by default: after a form POST the browser GETs the new location. */
export function redirect(location: string, status: 302 | 303 = 303): PageResult {
  return { kind: 'redirect', location, status };
}

/**
 * Passes an API download (`ctx.api.raw(path)`) to the browser: status, Content-Type,
 * Content-Disposition and Content-Length kept, the body streamed.
 */
export function passThrough(response: Response): PageResult {
  return { kind: 'file', response };
}

/**
 * The problem's field errors keyed by form field name. `rename` maps an API field (`exporter.name`)
 * to the form's name when they differ; a field the form lacks stays under its API name, so the
 * error summary still shows it. The first message per field wins.
 */
export function fieldErrorsOf(problem: Problem, rename: Record<string, string> = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of problem.errors ?? []) {
    const name = rename[field] ?? field;
    errors[name] ??= message;
  }
  return errors;
}

/** The first value of a form field, trimmed; '' when absent. */
export function formValue(form: FormBody, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Every value of a repeated form field (checkboxes). */
export function formValues(form: FormBody, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
}


export function registerPage(
  router: Router,
  method: 'get' | 'post',
  path: string,
  handler: PageHandler,
  options: PageOptions = {},
): void {
  router[method](path, pageMiddleware(handler, options));
}
