import { fieldErrorsOf, formValue, redirect, type PageContext, type PageResult, type Problem } from '../../app/page';
import { editLicencePage } from './licence-edit.page';
import { licenceBodyOf, statusBodyOf } from './licence-input';
import { licenceErrorsOf } from './licence-form';
import { licencePage } from './licence.page';

const PRECONDITION_NOTICE = {
  variant: 'warning' as const,
  title: 'A colleague changed this licence meanwhile',
  description: 'Your change was not saved. The form now shows the licence as it is: make your change again.',
};

const detailOf = (problem: Problem) => (problem.errors?.length ? undefined : (problem.detail ?? problem.title));

/** POST /licences/:id/status: the licence page's status form as a PATCH (If-Match: the version shown). */
export async function updateStatus(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const etag = formValue(ctx.form, 'etag');
  const answer = await ctx.api.patch(`/licences/${id}`, statusBodyOf(ctx.form), { headers: etag ? { 'if-match': etag } : {} });
  if (answer.kind === 'ok') return redirect(`/licences/${id}?updated=1`);
  if (answer.kind === 'unavailable') {
    return licencePage(ctx, { status: 503, edit: { form: ctx.form, errors: {}, detail: 'Saving is not available at the moment. Try again in a few minutes.' } });
  }
  if (answer.status === 412) return licencePage(ctx, { status: 412, notices: [PRECONDITION_NOTICE] });
  if (answer.status === 404) return licencePage(ctx);
  return licencePage(ctx, {
    status: answer.status,
    edit: { form: ctx.form, errors: fieldErrorsOf(answer.problem), detail: detailOf(answer.problem) },
  });
}

/** POST /licences/:id/edit: the whole edit form as a PATCH. */
export async function updateLicence(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const { body, errors: local } = licenceBodyOf(ctx.form, 'edit');
  const etag = formValue(ctx.form, 'etag');
  const answer = await ctx.api.patch(`/licences/${id}`, body, { headers: etag ? { 'if-match': etag } : {} });
  if (answer.kind === 'ok') return redirect(`/licences/${id}?updated=1`);
  if (answer.kind === 'unavailable') {
    return editLicencePage(ctx, { form: ctx.form, errors: {}, etag, status: 503, detail: 'Saving is not available at the moment. Try again in a few minutes.' });
  }
  if (answer.status === 412) return licencePage(ctx, { status: 412, notices: [PRECONDITION_NOTICE] });
  return editLicencePage(ctx, {
    form: ctx.form,
    etag,
    status: answer.status,
    errors: { ...licenceErrorsOf(fieldErrorsOf(answer.problem)), ...local },
    detail: detailOf(answer.problem),
  });
}

/** POST /licences/:id/confirmations/:confirmationId: confirm what MOFCOM reported, or correct it. */
export async function answerConfirmation(ctx: PageContext): Promise<PageResult> {
  const { id = '', confirmationId = '' } = ctx.params;
  const decision = formValue(ctx.form, 'decision');
  const comment = formValue(ctx.form, 'comment');
  const decisionDate = formValue(ctx.form, 'decisionDate');
  const body =
    decision === 'correct'
      ? { decision, status: formValue(ctx.form, 'status'), comment, ...(decisionDate && { decisionDate }) }
      : { decision: 'confirm', ...(comment && { comment }), ...(decisionDate && { decisionDate }) };
  const answer = await ctx.api.post(`/confirmations/${encodeURIComponent(confirmationId)}`, body);
  if (answer.kind === 'ok') return redirect(`/licences/${id}?confirmed=1`);
  return licencePage(ctx, {
    status: answer.status,
    confirmation: {
      id: confirmationId,
      form: ctx.form,
      errors: answer.kind === 'problem' ? fieldErrorsOf(answer.problem) : {},
    },
    notices:
      answer.kind === 'unavailable'
        ? [{ variant: 'warning', title: 'Not available', description: 'Your answer could not be sent. Try again later.' }]
        : answer.problem.errors?.length
          ? []
          : [{ variant: 'error', title: answer.problem.title, description: answer.problem.detail }],
  });
}

/** POST /licences/:id/messages: a message to the Commission, with attachments when chosen. */
export async function postLicenceMessage(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const body = formValue(ctx.form, 'body');
  const files = ctx.files.filter((file) => file.field === 'files').map((file) => ({ ...file, field: 'files' }));
  const answer =
    files.length > 0
      ? await ctx.api.upload(`/licences/${id}/messages`, files, { body })
      : await ctx.api.post(`/licences/${id}/messages`, { body });
  if (answer.kind === 'ok') return redirect(`/licences/${id}?sent=1#messages-heading`);
  return licencePage(ctx, {
    status: answer.status,
    message: {
      form: ctx.form,
      errors: answer.kind === 'problem' ? fieldErrorsOf(answer.problem) : {},
      detail:
        answer.kind === 'unavailable'
          ? 'Messages are not available at the moment: your message was not sent. Try again later.'
          : answer.problem.errors?.length
            ? undefined
            : (answer.problem.detail ?? answer.problem.title),
    },
  });
}

/** POST /licences/:id/review: "Confirm it is correct" on a migrated licence (If-Match: the version shown). */
export async function reviewLicence(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const etag = formValue(ctx.form, 'etag');
  const answer = await ctx.api.post(`/licences/${id}/review`, {}, { headers: etag ? { 'if-match': etag } : {} });
  if (answer.kind === 'ok') return redirect(`/licences/${id}?reviewed=1`);
  if (answer.kind === 'unavailable') {
    return licencePage(ctx, { status: 503, notices: [{ variant: 'warning', title: 'Not available', description: 'Nothing was saved. Try again in a few minutes.' }] });
  }
  if (answer.status === 412) return licencePage(ctx, { status: 412, notices: [PRECONDITION_NOTICE] });
  return licencePage(ctx, { status: answer.status, notices: [{ variant: 'error', title: answer.problem.title, description: answer.problem.detail }] });
}
