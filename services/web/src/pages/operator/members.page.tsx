import type { CompanyInvitationView, CompanyMember } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatDate } from '../../components/format';
import { TextField } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type ApiResult,
  type FieldErrors,
  type Notice,
  type PageContext,
  type PageResult,
} from '../../app/page';
import { UUID } from './licence.page';

const PATH = '/company/members';

const DONE: Record<string, Notice> = {
  invited: { variant: 'success', title: 'The invitation is sent', description: 'Your colleague joins the company when they first sign in with that address.' },
  revoked: { variant: 'success', title: 'The invitation is withdrawn' },
  role: { variant: 'success', title: 'The role is changed' },
  removed: { variant: 'success', title: 'The colleague is removed from the company' },
};

interface MembersState {
  email?: string;
  errors?: FieldErrors;
  notices?: Notice[];
  status?: number;
}

/** A small form with one button (CSRF token included): revoke, promote, demote, remove. */
function ActionForm({ ctx, action, label, fields = {}, variant = 'secondary' }: {
  ctx: PageContext;
  action: string;
  label: string;
  fields?: Record<string, string>;
  variant?: 'secondary' | 'tertiary';
}) {
  return (
    <form method="post" action={action} class="lmp-inline-form">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant}>{label}</Button>
    </form>
  );
}

/** GET /company/members: the colleagues with their role; admins invite, revoke, change roles, remove. */
export async function membersPage(ctx: PageContext, state: MembersState = {}): Promise<PageResult> {
  const [members, invitations] = await Promise.all([
    ctx.api.get<{ items: CompanyMember[] }>('/me/company/members'),
    ctx.api.get<{ items: CompanyInvitationView[] }>('/me/company/invitations'),
  ]);
  const title = 'Colleagues';
  if (members.kind === 'unavailable') {
    return render(title, <UnavailableNotice what="The colleagues" retryAfter={members.retryAfter} />, { status: 503, active: 'company' });
  }
  if (members.kind === 'problem') {
    return render(
      title,
      <>
        <PageHeader title={title} />
        <Notification variant="warning" title="No company yet" description={members.problem.detail ?? 'Create your company first: then you can invite colleagues.'} />
        <p class="ecl-u-type-paragraph">
          <a class="ecl-link ecl-link--standalone" href="/company">Create your company</a>
        </p>
      </>,
      { active: 'company', status: members.status === 404 ? 200 : members.status },
    );
  }
  const me = members.data.items.find((m) => m.email.toLowerCase() === ctx.user.email.toLowerCase());
  const admin = me?.role === 'admin';
  const admins = members.data.items.filter((m) => m.role === 'admin').length;
  const errors = state.errors ?? {};
  const columns: Column<CompanyMember>[] = [
    { key: 'name', header: 'Name', rowHeader: true, cell: (m) => (m.id === me?.id ? `${m.name} (you)` : m.name) },
    { key: 'email', header: 'E-mail', cell: (m) => m.email },
    { key: 'role', header: 'Role', cell: (m) => (m.role === 'admin' ? 'Administrator' : 'Member') },
    { key: 'joinedAt', header: 'Joined', cell: (m) => formatDate(m.joinedAt) },
  ];
  if (admin) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      cell: (m) =>
        m.role === 'admin' && admins <= 1 ? (
          'The last administrator'
        ) : (
          <div class="lmp-actions">
            <ActionForm
              ctx={ctx}
              action={`${PATH}/${m.id}/role`}
              label={m.role === 'admin' ? `Make ${m.name} a member` : `Make ${m.name} an administrator`}
              fields={{ role: m.role === 'admin' ? 'member' : 'admin' }}
            />
            <ActionForm ctx={ctx} action={`${PATH}/${m.id}/remove`} label={`Remove ${m.name}`} variant="tertiary" />
          </div>
        ),
    });
  }
  const invitationColumns: Column<CompanyInvitationView>[] = [
    { key: 'email', header: 'E-mail', rowHeader: true, cell: (i) => i.email },
    { key: 'invitedBy', header: 'Invited by', cell: (i) => i.invitedBy.name },
    { key: 'expiresAt', header: 'Open until', cell: (i) => formatDate(i.expiresAt) },
    ...(admin
      ? [{ key: 'actions', header: 'Actions', cell: (i: CompanyInvitationView) => <ActionForm ctx={ctx} action={`/company/invitations/${i.id}/revoke`} label={`Withdraw the invitation of ${i.email}`} /> }]
      : []),
  ];
  const notices = [
    ...Object.keys(DONE).filter((key) => ctx.query.done === key).map((key) => DONE[key]!),
    ...(state.notices ?? []),
  ];
  return render(
    title,
    <>
      <PageHeader
        meta="Company"
        title={title}
        description="Everyone here sees and edits the company's licences. Administrators invite and remove colleagues."
      />
      <Table
        caption={`Colleagues: ${formatCount(members.data.items.length)}`}
        columns={columns}
        rows={members.data.items}
        rowKey={(m) => m.id}
      />
      {admin && (
        <section class="lmp-section" aria-labelledby="invite-heading">
          <h2 class="ecl-u-type-heading-2" id="invite-heading">
            Invite a colleague
          </h2>
          <ErrorSummary errors={errors} labels={{ email: 'E-mail address' }} />
          <form method="post" action="/company/invitations" class="lmp-form" noValidate>
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <TextField
              name="email"
              label="E-mail address"
              hint="Your colleague joins the company when they first sign in with EU Login at this address."
              value={state.email}
              error={errors.email}
              required
            />
            <div class="lmp-form__actions">
              <Button>Send the invitation</Button>
            </div>
          </form>
        </section>
      )}
      {(admin || invitations.kind === 'ok') && (
      <section class="lmp-section" aria-labelledby="invitations-heading">
        <h2 class="ecl-u-type-heading-2" id="invitations-heading">
          Open invitations
        </h2>
        {invitations.kind === 'ok' ? (
          <Table
            caption="Invitations not accepted yet"
            captionHidden
            columns={invitationColumns}
            rows={invitations.data.items}
            rowKey={(i) => i.id}
            empty="No open invitation."
          />
        ) : (
          <UnavailableNotice what="The invitations" retryAfter={invitations.kind === 'unavailable' ? invitations.retryAfter : null} />
        )}
      </section>
      )}
    </>,
    { active: 'company', notices, status: state.status },
  );
}

const refused = (ctx: PageContext, answer: Exclude<ApiResult<unknown>, { kind: 'ok' }>) =>
  membersPage(ctx, {
    status: answer.kind === 'unavailable' ? 503 : answer.status,
    notices: [
      answer.kind === 'unavailable'
        ? { variant: 'warning', title: 'Not available', description: 'Nothing was changed. Try again in a few minutes.' }
        : { variant: 'error', title: answer.problem.title, description: [answer.problem.detail, ...(answer.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].filter(Boolean).join(' ') },
    ],
  });

/** POST /company/invitations */
export async function inviteColleague(ctx: PageContext): Promise<PageResult> {
  const email = formValue(ctx.form, 'email');
  const answer = await ctx.api.post('/me/company/invitations', { email });
  if (answer.kind === 'ok') return redirect(`${PATH}?done=invited`);
  if (answer.kind === 'problem') {
    const errors = fieldErrorsOf(answer.problem);
    if (Object.keys(errors).length === 0) errors.email = answer.problem.detail ?? answer.problem.title;
    return membersPage(ctx, { email, errors, status: answer.status });
  }
  return refused(ctx, answer);
}

/** POST /company/invitations/:id/revoke */
export async function revokeInvitation(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return membersPage(ctx, { status: 404 });
  const answer = await ctx.api.delete(`/me/company/invitations/${id}`);
  return answer.kind === 'ok' ? redirect(`${PATH}?done=revoked`) : refused(ctx, answer);
}

/** POST /company/members/:userId/role: promote or demote. */
export async function changeMemberRole(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.userId ?? '';
  if (!UUID.test(id)) return membersPage(ctx, { status: 404 });
  const answer = await ctx.api.patch(`/me/company/members/${id}`, { role: formValue(ctx.form, 'role') });
  return answer.kind === 'ok' ? redirect(`${PATH}?done=role`) : refused(ctx, answer);
}

/** POST /company/members/:userId/remove */
export async function removeMember(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.userId ?? '';
  if (!UUID.test(id)) return membersPage(ctx, { status: 404 });
  const answer = await ctx.api.delete(`/me/company/members/${id}`);
  return answer.kind === 'ok' ? redirect(`${PATH}?done=removed`) : refused(ctx, answer);
}
