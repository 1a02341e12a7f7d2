import type { Claim } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatDate } from '../../components/format';
import { TextArea } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type FieldErrors,
  type PageContext,
  type PageResult,
} from '../../app/page';

export const CLAIM_STATUS_LABELS: Record<Claim['status'], string> = {
  open: 'Open: the Commission decides',
  transferred: 'Transferred to your company',
  rejected: 'Rejected',
};

/**
 * "Claim this number": offered when the platform refused a number as already registered (by a
 * company the operator never learns). The Commission decides: transfer it, or reject the claim.
 */
export function ClaimForm({
  ctx,
  licenceNumber,
  comment,
  errors = {},
}: {
  ctx: PageContext;
  licenceNumber: string;
  comment?: string;
  errors?: FieldErrors;
}) {
  return (
    <section class="lmp-section lmp-claim" aria-labelledby="claim-heading">
      <h2 class="ecl-u-type-heading-3" id="claim-heading">
        Is {licenceNumber} your company’s licence? Claim this number
      </h2>
      <p class="ecl-u-type-paragraph">
        Another company registered this number. If the licence is yours, tell the Commission why: it checks both
        companies and may transfer the licence to you. The other company is not named here.
      </p>
      <form method="post" action="/claims" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="licenceNumber" value={licenceNumber} />
        <TextArea
          id="claim-comment"
          name="comment"
          label="Why this licence is yours"
          hint="For example: our supplier filed it for our order of March; the contract number."
          value={comment}
          error={errors.comment ?? errors.licenceNumber}
          required
        />
        <div class="lmp-form__actions">
          <Button variant="secondary">Claim this number</Button>
        </div>
      </form>
    </section>
  );
}

const columns: Column<Claim>[] = [
  {
    key: 'licenceNumber',
    header: 'Licence number',
    rowHeader: true,
    cell: (c) =>
      c.licenceId ? (
        <a class="ecl-link ecl-link--standalone" href={`/licences/${c.licenceId}`}>
          {c.licenceNumber}
        </a>
      ) : (
        c.licenceNumber
      ),
  },
  { key: 'status', header: 'Status', cell: (c) => CLAIM_STATUS_LABELS[c.status] },
  { key: 'createdAt', header: 'Claimed on', cell: (c) => `${formatDate(c.createdAt)} by ${c.filedBy.name}` },
  { key: 'comment', header: 'Your explanation', cell: (c) => c.comment },
  { key: 'decision', header: 'The Commission’s answer', cell: (c) => (c.decidedAt ? `${formatDate(c.decidedAt)}${c.decisionComment ? `: ${c.decisionComment}` : ''}` : '–') },
];

/** GET /claims: the company's claims on numbers registered by another company. */
export async function claimsPage(ctx: PageContext): Promise<PageResult> {
  const answer = await ctx.api.get<{ items: Claim[] }>('/licences/claims', { query: { limit: 200 } });
  return render(
    'Claims',
    <>
      <PageHeader
        title="Claims"
        description="Licence numbers your company claims from another company. The Commission decides each claim."
      />
      {ctx.query.claimed === '1' && (
        <Notification variant="success" title="Your claim is filed" description="The Commission checks it and tells you its decision here." />
      )}
      {answer.kind === 'unavailable' && <UnavailableNotice what="The claims" retryAfter={answer.retryAfter} />}
      {answer.kind === 'problem' && <Notification variant="error" title="The claims could not be shown" description={answer.problem.detail ?? answer.problem.title} />}
      {answer.kind === 'ok' && (
        <Table caption={`Claims: ${formatCount(answer.data.items.length)}`} columns={columns} rows={answer.data.items} rowKey={(c) => c.id} empty="No claim." />
      )}
    </>,
    { active: 'licences' },
  );
}

/** POST /claims: files the claim; field errors come back on a page of their own with the form. */
export async function fileClaim(ctx: PageContext): Promise<PageResult> {
  const licenceNumber = formValue(ctx.form, 'licenceNumber');
  const comment = formValue(ctx.form, 'comment');
  const answer = await ctx.api.post('/licences/claims', { licenceNumber, comment });
  if (answer.kind === 'ok') return redirect('/claims?claimed=1');
  const errors =
    answer.kind === 'problem'
      ? fieldErrorsOf(answer.problem)
      : { comment: 'Claims are not available at the moment: nothing was sent. Try again later.' };
  if (answer.kind === 'problem' && Object.keys(errors).length === 0) errors.comment = answer.problem.detail ?? answer.problem.title;
  return render(
    'Claim a licence number',
    <>
      <PageHeader title="Claim a licence number" />
      <ErrorSummary errors={errors} labels={{ comment: 'Why this licence is yours', licenceNumber: 'Licence number' }} />
      <ClaimForm ctx={ctx} licenceNumber={licenceNumber} comment={comment} errors={errors} />
    </>,
    { active: 'licences', status: answer.status },
  );
}
