import { randomUUID } from 'node:crypto';
import type { Licence } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Checkbox } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type FieldErrors,
  type FormBody,
  type PageContext,
  type PageResult,
} from '../../app/page';
import { licenceBodyOf } from './licence-input';
import { ClaimForm } from './claims.page';
import { LICENCE_FIELD_LABELS, LicenceFields, licenceErrorsOf } from './licence-form';

const TITLE = 'Register a licence';

/** GET /licences/new */
export async function registerLicenceForm(ctx: PageContext): Promise<PageResult> {
  return registerPageOf(ctx, {}, {});
}

/** POST /licences/new: 201 → the licence's page; 409 duplicate and 422 field errors → the form again. */
export async function registerLicence(ctx: PageContext): Promise<PageResult> {
  const { body, errors: local } = licenceBodyOf(ctx.form, 'register');
  const answer = await ctx.api.post<Licence>('/licences', body, {
    headers: { 'idempotency-key': formValue(ctx.form, 'idempotencyKey') || randomUUID() },
  });
  if (answer.kind === 'ok') return redirect(`/licences/${answer.data.id}?registered=1`);
  if (answer.kind === 'unavailable') {
    return render(TITLE, <UnavailableNotice what="Registering licences" retryAfter={answer.retryAfter} />, {
      status: 503,
      active: 'register',
    });
  }
  if (answer.status === 403) return redirect('/');
  if (answer.status === 409) {
    return registerPageOf(ctx, ctx.form, { licenceNumber: 'is already registered on the platform' }, {
      status: 409,
      claimNumber: formValue(ctx.form, 'licenceNumber'),
      detail:
        answer.problem.detail ??
        'This licence number is already registered. Check with your supplier or your colleagues: someone may have registered it already.',
    });
  }
  return registerPageOf(ctx, ctx.form, { ...licenceErrorsOf(fieldErrorsOf(answer.problem)), ...local }, {
    status: answer.status,
    detail: answer.problem.errors?.length ? undefined : answer.problem.title,
  });
}

function registerPageOf(
  ctx: PageContext,
  form: FormBody,
  errors: FieldErrors,
  options: { status?: number; detail?: string; claimNumber?: string } = {},
): PageResult {
  return render(
    TITLE,
    <>
      <PageHeader
        title={TITLE}
        description="A licence request your Chinese supplier filed with MOFCOM. It stays pending until you tell us MOFCOM decided."
      />
      <ErrorSummary errors={errors} labels={LICENCE_FIELD_LABELS} detail={options.detail} />
      {options.claimNumber && <ClaimForm ctx={ctx} licenceNumber={options.claimNumber} />}
      <Notification variant="info" title="Only licences that reached MOFCOM's central level">
        <p class="ecl-u-mv-none">
          The platform follows up applications with MOFCOM in Beijing. An application still with a provincial commerce
          department cannot be followed up yet: register it once your supplier confirms it reached MOFCOM's central
          level.
        </p>
      </Notification>
      <form method="post" action="/licences/new" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <LicenceFields form={form} errors={errors} mode="register" />
        <Checkbox
          name="mofcomCentralLevel"
          label="I confirm that this application reached MOFCOM's central level (not only a provincial department)"
          checked={formValue(form, 'mofcomCentralLevel') === 'true'}
          error={errors.mofcomCentralLevel}
          required
        />
        <div class="lmp-form__actions">
          <Button>Register the licence</Button>
        </div>
      </form>
    </>,
    { active: 'register', status: options.status },
  );
}
