import type { Thread, ThreadPage, ThreadSummary } from '@lmp/contracts';
import { formatCount, formatInstant } from '../../components/format';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
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
import { MessageThread, type ThreadState } from './message-thread';
import { UUID } from './licence.page';

/** Where a thread is read and answered: a licence's thread on its licence page, the general one on its own. */
export const operatorThreadHref = (t: { id: string | null; licenceId: string | null }) =>
  t.licenceId ? `/licences/${t.licenceId}#messages` : `/messages/threads/${t.id}`;

const columns: Column<ThreadSummary>[] = [
  {
    key: 'subject',
    header: 'Subject',
    rowHeader: true,
    cell: (t) => (
      <a class="ecl-link ecl-link--standalone" href={operatorThreadHref(t)}>
        {t.unread > 0 ? <strong>{t.subject}</strong> : t.subject}
      </a>
    ),
  },
  { key: 'licence', header: 'Licence', cell: (t) => t.licenceNumber ?? 'General' },
  { key: 'lastMessageAt', header: 'Last message', cell: (t) => formatInstant(t.lastMessageAt) },
  { key: 'unread', header: 'Unread', numeric: true, cell: (t) => (t.unread > 0 ? formatCount(t.unread) : '–') },
];

/** GET /messages: the Commission's inbox, or the operator's threads with the Commission. */
export async function messagesPage(ctx: PageContext): Promise<PageResult> {
  if (ctx.user.role === 'commission') return redirect('/commission/inbox', 302);
  const answer = await ctx.api.get<ThreadPage>('/messages/threads', { query: { limit: 200 } });
  return render(
    'Messages',
    <>
      <PageHeader
        title="Messages"
        description="Your company's threads with the Commission: one per licence, and a general one."
        actions={
          <a class="ecl-link ecl-link--standalone" href="/messages/company">
            Write to the Commission (general thread)
          </a>
        }
      />
      {answer.kind === 'unavailable' && <UnavailableNotice what="Messages" retryAfter={answer.retryAfter} />}
      {answer.kind === 'problem' && (
        <Notification variant="error" title="The messages could not be shown" description={answer.problem.detail ?? answer.problem.title} />
      )}
      {answer.kind === 'ok' && (
        <Table
          caption={`Threads: ${formatCount(answer.data.items.length)}, unread first`}
          columns={columns}
          rows={answer.data.items}
          rowKey={(t) => t.id}
          empty="No message yet. Write about a licence on its page, or in the general thread."
        />
      )}
    </>,
    { active: 'messages' },
  );
}

/** GET /messages/threads/:id: the Commission goes to its inbox's thread page; an operator reads the thread here. */
export async function threadPage(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (ctx.user.role === 'commission') return redirect(`/commission/inbox/${encodeURIComponent(id)}`, 302);
  return threadView(ctx, { path: `/messages/threads/${id}`, action: `/messages/threads/${id}` });
}

/** POST /messages/threads/:id: the operator's message in that thread. */
export function postThreadMessage(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return threadView(ctx, { path: '', action: '' });
  return postTo(ctx, `/messages/threads/${id}/messages`, `/messages/threads/${id}`, (state) =>
    threadView(ctx, { path: `/messages/threads/${id}`, action: `/messages/threads/${id}` }, state),
  );
}

/** GET /messages/company: the company's general thread with the Commission (opened by the first message). */
export function companyThreadPage(ctx: PageContext): Promise<PageResult> {
  return threadView(ctx, { path: '/me/company/messages', action: '/messages/company' });
}

/** POST /messages/company */
export function postCompanyMessage(ctx: PageContext): Promise<PageResult> {
  return postTo(ctx, '/me/company/messages', '/messages/company', (state) =>
    threadView(ctx, { path: '/me/company/messages', action: '/messages/company' }, state),
  );
}

type MessageState = { form: FormBody; errors: FieldErrors; detail?: string; status?: number };

async function postTo(
  ctx: PageContext,
  apiPath: string,
  pagePath: string,
  again: (state: MessageState) => Promise<PageResult>,
): Promise<PageResult> {
  const body = formValue(ctx.form, 'body');
  const files = ctx.files.filter((file) => file.field === 'files');
  const answer = files.length > 0 ? await ctx.api.upload(apiPath, files, { body }) : await ctx.api.post(apiPath, { body });
  if (answer.kind === 'ok') return redirect(`${pagePath}?sent=1`);
  if (answer.kind === 'unavailable') {
    return again({ form: ctx.form, errors: {}, status: 503, detail: 'Messages are not available at the moment: your message was not sent. Try again later.' });
  }
  return again({
    form: ctx.form,
    status: answer.status,
    errors: fieldErrorsOf(answer.problem),
    detail: answer.problem.errors?.length ? undefined : (answer.problem.detail ?? answer.problem.title),
  });
}

async function threadView(ctx: PageContext, where: { path: string; action: string }, state?: MessageState): Promise<PageResult> {
  const threadId = ctx.params.id;
  if (threadId !== undefined && !UUID.test(threadId)) return threadNotFound();
  const answer = await ctx.api.get<Thread>(where.path);
  if (answer.kind === 'problem') return threadNotFound();
  const thread = answer.kind === 'ok' ? answer.data : undefined;
  if (thread?.id && thread.unread > 0) await ctx.api.post(`/messages/threads/${thread.id}/read`, {});
  const threadState: ThreadState = answer.kind === 'ok' ? { kind: 'ok', data: answer.data } : { kind: 'unavailable', retryAfter: answer.retryAfter };
  const title = thread?.licenceNumber ? `Messages about licence ${thread.licenceNumber}` : 'Messages with the Commission';
  return render(
    title,
    <>
      <PageHeader
        meta="Messages"
        title={title}
        description={thread?.licenceNumber ? undefined : 'Your company’s general thread: for what is not about one licence.'}
      />
      <p class="ecl-u-type-paragraph">
        {thread?.licenceId && (
          <>
            <a class="ecl-link ecl-link--standalone" href={`/licences/${thread.licenceId}`}>
              Open licence {thread.licenceNumber}
            </a>{' '}
            ·{' '}
          </>
        )}
        <a class="ecl-link ecl-link--standalone" href="/messages">
          Every thread
        </a>
      </p>
      <section class="lmp-section" id="messages" aria-label="Messages">
        <MessageThread ctx={ctx} action={where.action} thread={threadState} state={state} empty="No messages in this thread yet." />
      </section>
    </>,
    {
      active: 'messages',
      status: state?.status,
      notices: ctx.query.sent === '1' ? [{ variant: 'success', title: 'Your message is sent' }] : [],
    },
  );
}

function threadNotFound(): PageResult {
  return render('Thread not found', <PageHeader title="Thread not found" description="The thread does not exist, or it belongs to another company." />, {
    status: 404,
    active: 'messages',
  });
}
