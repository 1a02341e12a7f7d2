import { EU_MEMBER_STATES, SECTORS, type Company } from '@lmp/contracts';
import { Button, LinkButton } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { RadioGroup, Select, TextField } from '../../components/form-fields';
import { memberStateLabel, optionsOf, sectorLabel } from '../../components/labels';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type FieldErrors,
  type FormBody,
  type Notice,
  type PageContext,
  type PageResult,
} from '../../app/page';

const LABELS: Record<string, string> = {
  name: 'Company name',
  eori: 'EORI number',
  country: 'Country of establishment',
  memberState: 'EU member state',
  sme: 'SME',
  sector: 'Sector',
};

/** GET /company: the company profile, or the form to create it (a new user's first step). */
export async function companyPage(ctx: PageContext): Promise<PageResult> {
  const me = await ctx.api.get<{ company: Company | null }>('/me');
  if (me.kind === 'unavailable') {
    return render('Company', <UnavailableNotice what="Your company" retryAfter={me.retryAfter} />, { status: 503, active: 'company' });
  }
  const company = me.kind === 'ok' ? me.data.company : null;
  const notices: Notice[] =
    ctx.query.saved === '1'
      ? [{ variant: 'success', title: 'The company profile is saved' }]
      : [];
  return companyPageOf(ctx, company ? formOf(company) : {}, {}, { exists: Boolean(company), notices });
}

/** POST /company: PUT /me/company (creates it the first time, updates it after). */
export async function saveCompany(ctx: PageContext): Promise<PageResult> {
  const sme = formValue(ctx.form, 'sme');
  const body = {
    name: formValue(ctx.form, 'name'),
    eori: formValue(ctx.form, 'eori'),
    country: formValue(ctx.form, 'country'),
    memberState: formValue(ctx.form, 'memberState'),
    sme: sme === 'true' ? true : sme === 'false' ? false : undefined,
    sector: formValue(ctx.form, 'sector'),
  };
  const answer = await ctx.api.put<Company>('/me/company', body);
  const exists = formValue(ctx.form, 'exists') === 'true';
  if (answer.kind === 'ok') return redirect(answer.status === 201 ? '/licences/new?welcome=1' : '/company?saved=1');
  if (answer.kind === 'unavailable') {
    return companyPageOf(ctx, ctx.form, {}, { exists, status: 503, detail: 'Saving is not available at the moment. Try again later.' });
  }
  const errors = fieldErrorsOf(answer.problem);
  if (answer.status === 409 && Object.keys(errors).length === 0) errors.eori = answer.problem.detail ?? answer.problem.title;
  return companyPageOf(ctx, ctx.form, errors, {
    exists,
    status: answer.status,
    detail: Object.keys(errors).length ? undefined : answer.problem.title,
  });
}

function formOf(company: Company): FormBody {
  return {
    name: company.name,
    eori: company.eori,
    country: company.country,
    memberState: company.memberState,
    sme: String(company.sme),
    sector: company.sector,
  };
}

function companyPageOf(
  ctx: PageContext,
  form: FormBody,
  errors: FieldErrors,
  options: { exists: boolean; status?: number; detail?: string; notices?: Notice[] },
): PageResult {
  const v = (name: string) => formValue(form, name);
  const title = options.exists ? 'Company profile' : 'Create your company';
  return render(
    title,
    <>
      <PageHeader
        title={title}
        description={
          options.exists
            ? 'Your company as the Commission sees it. Every colleague of your company sees its licences.'
            : 'Licences belong to your company. Tell us about it before you register a licence.'
        }
        actions={
          options.exists ? (
            <>
              <LinkButton href="/licences">Go to the licences</LinkButton>
              <LinkButton href="/company/members">Colleagues</LinkButton>
            </>
          ) : undefined
        }
      />
      <ErrorSummary errors={errors} labels={LABELS} detail={options.detail} />
      <form method="post" action="/company" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="exists" value={String(options.exists)} />
        <TextField name="name" label="Company name" value={v('name')} error={errors.name} required width="l" autocomplete="organization" />
        <TextField
          name="eori"
          label="EORI number"
          hint="Economic Operators Registration and Identification number: two-letter country code and up to 15 letters or digits, for example DE1234567890."
          value={v('eori')}
          error={errors.eori}
          required
        />
        <TextField
          name="country"
          label="Country of establishment"
          hint="Two-letter ISO code, for example DE"
          value={v('country')}
          error={errors.country}
          required
          width="s"
          maxLength={2}
        />
        <Select
          name="memberState"
          label="EU member state"
          placeholder="Choose a member state"
          options={optionsOf(EU_MEMBER_STATES, memberStateLabel)}
          value={v('memberState')}
          error={errors.memberState}
          required
        />
        <RadioGroup
          name="sme"
          label="Is your company a small or medium-sized enterprise (SME)?"
          options={[
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ]}
          value={v('sme')}
          error={errors.sme}
          inline
          required
        />
        <Select name="sector" label="Sector" placeholder="Choose a sector" options={optionsOf(SECTORS, sectorLabel)} value={v('sector')} error={errors.sector} required />
        <div class="lmp-form__actions">
          <Button>{options.exists ? 'Save the profile' : 'Create the company'}</Button>
        </div>
      </form>
    </>,
    { active: 'company', status: options.status, notices: options.notices },
  );
}
