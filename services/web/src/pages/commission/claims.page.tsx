import type { CommissionClaim } from '@lmp/contracts';
import { Button } from '../../components/button';
import { formatCount, formatDate } from '../../components/format';
import { Select, TextField } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type Notice,
  type PageContext,
  type PageResult,
} from '../../app/page';
import { hrefWith } from './hrefs';

const PATH = '/commission/claims';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATUS_LABELS: Record<CommissionClaim['status'], string> = {
  open: 'Open',
  transferred: 'Transferred',
  rejected: 'Rejected',
};

const company = (c: { name: string; eori: string }) => (
  <>
    {c.name}
    <br />
    <span class="lmp-muted">{c.eori}</span>
  </>
);

function DecisionForm({ ctx, claim }: { ctx: PageContext; claim: CommissionClaim }) {
  const idPrefix = `claim-${claim.id.slice(0, 8)}`;
  return (
    <form method="post" action={`${PATH}/${claim.id}/decision`} class="lmp-form lmp-claim-decision">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <TextField id={`${idPrefix}-comment`} name="comment" label={`Comment on ${claim.licenceNumber}`} optional width="m" />
      <div class="lmp-actions">
        <Button name="decision" value="transfer">
          Transfer to {claim.claimant.name}
        </Button>
        <Button name="decision" value="reject" variant="secondary">
          Reject the claim
        </Button>
      </div>
    </form>
  );
}

/** GET /commission/claims: claims on numbers registered by another company, open first; decide each. */
export async function claimsPage(ctx: PageContext, notices: Notice[] = [], status?: number): Promise<PageResult> {
  const filter = ctx.query.status && ['open', 'transferred', 'rejected'].includes(ctx.query.status) ? ctx.query.status : undefined;
  const answer = await ctx.api.get<{ items: CommissionClaim[]; nextCursor: string | null; total: number }>('/licences/claims', {
    query: { status: filter, limit: 200 },
  });
  const columns: Column<CommissionClaim>[] = [
    { key: 'licenceNumber', header: 'Licence number', rowHeader: true, cell: (c) => c.licenceNumber },
    { key: 'claimant', header: 'Claimed by', cell: (c) => company(c.claimant) },
    { key: 'holder', header: 'Registered by', cell: (c) => company(c.holder) },
    { key: 'comment', header: 'Why (claimant)', cell: (c) => `${c.comment} (${c.filedBy.name}, ${formatDate(c.createdAt)})` },
    {
      key: 'decision',
      header: 'Decision',
      cell: (c) =>
        c.status === 'open' ? (
          <DecisionForm ctx={ctx} claim={c} />
        ) : (
          `${STATUS_LABELS[c.status]}${c.decidedAt ? ` on ${formatDate(c.decidedAt)}` : ''}${c.decidedBy ? ` by ${c.decidedBy.name}` : ''}${c.decisionComment ? `: ${c.decisionComment}` : ''}`
        ),
    },
  ];
  const done = ctx.query.decided;
  return render(
    'Claims',
    <>
      <PageHeader
        meta="European Commission"
        title="Claims"
        description="A company says a licence number registered by another company is theirs. Transfer the licence to the claimant, or reject the claim."
      />
      {(done === 'transfer' || done === 'reject') && (
        <Notification variant="success" title={done === 'transfer' ? 'The licence is transferred' : 'The claim is rejected'} />
      )}
      {notices.map((n) => (
        <Notification variant={n.variant} title={n.title} description={n.description} />
      ))}
      <form method="get" action={PATH} class="lmp-inline-form lmp-filters" aria-label="Filters">
        <Select
          name="status"
          label="Show"
          value={filter ?? ''}
          options={[
            { value: '', label: 'Every claim' },
            { value: 'open', label: 'Open' },
            { value: 'transferred', label: 'Transferred' },
            { value: 'rejected', label: 'Rejected' },
          ]}
        />
        <Button variant="secondary">Show</Button>
      </form>
      {answer.kind === 'unavailable' && <UnavailableNotice what="The claims" retryAfter={answer.retryAfter} />}
      {answer.kind === 'problem' && <Notification variant="error" title="The claims could not be shown" description={answer.problem.detail ?? answer.problem.title} />}
      {answer.kind === 'ok' && (
        <Table
          caption={`Claims: ${formatCount(answer.data.total ?? answer.data.items.length)}, open first`}
          columns={columns}
          rows={answer.data.items}
          rowKey={(c) => c.id}
          empty="No claim."
        />
      )}
      {answer.kind === 'ok' && answer.data.nextCursor && (
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link" href={hrefWith(PATH, { status: filter })}>
            The first 200 are shown: filter by status to see others.
          </a>
        </p>
      )}
    </>,
    { active: 'claims', status },
  );
}

/** POST /commission/claims/:id/decision: transfer or reject. */
export async function decideClaimPage(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return claimsPage(ctx, [{ variant: 'error', title: 'No such claim' }], 404);
  const decision = formValue(ctx.form, 'decision');
  const comment = formValue(ctx.form, 'comment');
  const answer = await ctx.api.post(`/licences/claims/${id}/decision`, { decision, ...(comment && { comment }) });
  if (answer.kind === 'ok') return redirect(`${PATH}?decided=${decision === 'transfer' ? 'transfer' : 'reject'}`);
  if (answer.kind === 'unavailable') {
    return claimsPage(ctx, [{ variant: 'warning', title: 'Not available', description: 'Nothing was decided. Try again in a few minutes.' }], 503);
  }
  const errors = Object.entries(fieldErrorsOf(answer.problem)).map(([field, message]) => `${field}: ${message}`);
  return claimsPage(ctx, [{ variant: 'error', title: answer.problem.title, description: [answer.problem.detail, ...errors].filter(Boolean).join(' ') }], answer.status);
}
