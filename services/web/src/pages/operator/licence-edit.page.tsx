import type { LicenceDetail } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { render, type FieldErrors, type FormBody, type PageContext, type PageResult } from '../../app/page';
import { LICENCE_FIELD_LABELS, LicenceFields } from './licence-form';
import { formOfLicence } from './licence-input';
import { notFound, UUID } from './licence.page';

export interface EditState {
  form: FormBody;
  errors: FieldErrors;
  detail?: string;
  status?: number;
  /** The version the form was filled from (If-Match), kept across a refused save. */
  etag?: string;
}

/** GET /licences/:id/edit: every editable field (the number and the company never change). */
export async function editLicencePage(ctx: PageContext, state?: EditState): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return notFound();
  const detail = await ctx.api.get<LicenceDetail>(`/licences/${id}`);
  if (detail.kind === 'unavailable') {
    return render('Edit licence', <UnavailableNotice what="This licence" retryAfter={detail.retryAfter} />, { status: 503, active: 'licences' });
  }
  if (detail.kind === 'problem') return notFound();
  const licence = detail.data;
  const errors = state?.errors ?? {};
  return render(
    `Edit licence ${licence.licenceNumber}`,
    <>
      <PageHeader meta="Edit licence" title={licence.licenceNumber} description="Every change is recorded in the licence's history, with your name." />
      <ErrorSummary errors={errors} labels={LICENCE_FIELD_LABELS} detail={state?.detail} />
      <form method="post" action={`/licences/${licence.id}/edit`} class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="etag" value={state?.etag ?? detail.headers.get('etag') ?? ''} />
        <LicenceFields form={state?.form ?? formOfLicence(licence)} errors={errors} mode="edit" />
        <div class="lmp-form__actions">
          <Button>Save changes</Button>
          <a class="ecl-link ecl-link--standalone" href={`/licences/${licence.id}`}>
            Cancel
          </a>
        </div>
      </form>
    </>,
    { active: 'licences', status: state?.status },
  );
}
