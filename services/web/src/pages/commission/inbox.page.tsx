import type { Message, Thread, ThreadPage, ThreadSummary } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatInstant } from '../../components/format';
import { Select, TextArea } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { Table, type Column } from '../../components/table';
import {
  fieldErrorsOf,
  formValue,
  redirect,
  render,
  type PageContext,
  type PageResult,
} from '../../app/page';
import { hrefWith } from './hrefs';

const PATH = '/commission/inbox';
const threadHref = (id: string) => `${PATH}/${encodeURIComponent(id)}`;

const columns: Column<ThreadSummary>[] = [
  {
    key: 'subject',
    header: 'Subject',
    rowHeader: true,
    cell: (t) => (
      <a class="ecl-link ecl-link--standalone" href={threadHref(t.id)}>
        {t.unread > 0 ? <strong>{t.subject}</strong> : t.subject}
      </a>
    ),
  },
  { key: 'company', header: 'Company', cell: (t) => t.companyName ?? 'Not known yet' },
  { key: 'licence', header: 'Licence', cell: (t) => t.licenceNumber ?? 'General' },
  { key: 'lastMessageAt', header: 'Last message', cell: (t) => formatInstant(t.lastMessageAt) },
  {
    key: 'unread',
    header: 'Unread',
    numeric: true,
    cell: (t) => (t.unread > 0 ? formatCount(t.unread) : '–'),
  },
];

/** GET /commission/inbox: every thread, unread first, then newest (GET /messages). */
export async function inboxPage(ctx: PageContext): Promise<PageResult> {
  const unread = ctx.query.unread === 'true' ? 'true' : undefined;
  const cursor = ctx.query.cursor;
  const answer = await ctx.api.get<ThreadPage>('/messages', { query: { unread, cursor, limit: 50 } });
  return render(
    'Inbox',
    <>
      <PageHeader
        meta="European Commission"
        title="Inbox"
        description="Messages from companies, about one licence or in general."
      />
      <form method="get" action={PATH} class="lmp-inline-form lmp-filters" aria-label="Filters">
        <Select
          name="unread"
          label="Show"
          value={unread ?? ''}
          options={[
            { value: '', label: 'Every thread' },
            { value: 'true', label: 'Unread only' },
          ]}
        />
        <Button variant="secondary">Show</Button>
      </form>
      {answer.kind === 'unavailable' && <UnavailableNotice what="The inbox" retryAfter={answer.retryAfter} />}
      {answer.kind === 'problem' && (
        <Notification
          variant="error"
          title="The inbox could not be shown"
          description={answer.problem.detail ?? answer.problem.title}
        />
      )}
      {answer.kind === 'ok' && (
        <>
          <Table
            caption={`Threads: ${formatCount(answer.data.total)}, unread first`}
            columns={columns}
            rows={answer.data.items}
            rowKey={(t) => t.id}
            empty="No message yet."
          />
          <Pagination
            previousHref={cursor ? hrefWith(PATH, { unread }) : null}
            previousLabel="First page"
            nextHref={
              answer.data.nextCursor ? hrefWith(PATH, { unread, cursor: answer.data.nextCursor }) : null
            }
          />
        </>
      )}
    </>,
    { active: 'inbox' },
  );
}

function MessageItem({ message }: { message: Message }) {
  const author =
    message.author.side === 'commission'
      ? `The Commission${message.author.staffName ? ` (${message.author.staffName})` : ''}`
      : message.author.name;
  return (
    <li class={`lmp-message lmp-message--${message.author.side}`}>
      <p class="lmp-message__meta">
        <strong>{author}</strong>,{' '}
        <time dateTime={message.createdAt}>{formatInstant(message.createdAt)}</time>
      </p>
      {message.subject && (
        <p class="lmp-message__subject">
          <strong>{message.subject}</strong>
        </p>
      )}
      <div class="lmp-message__body">{message.body}</div>
      {message.attachments.length > 0 && (
        <ul class="lmp-attachments">
          {message.attachments.map((a) => (
            <li>
              <a class="ecl-link" href={`/attachments/${encodeURIComponent(a.id)}`}>
                {a.fileName}
              </a>{' '}
              <span class="lmp-muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** GET /commission/inbox/:id: one thread, marked read for the Commission's side. */
export function threadPage(ctx: PageContext): Promise<PageResult> {
  return threadView(ctx);
}

async function threadView(
  ctx: PageContext,
  outcome: { error?: string; body?: string; status?: number } = {},
): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const answer = await ctx.api.get<Thread>(`/messages/threads/${encodeURIComponent(id)}`);
  if (answer.kind === 'unavailable') {
    return render(
      'Message thread',
      <>
        <PageHeader title="Message thread" />
        <UnavailableNotice what="The messages" retryAfter={answer.retryAfter} />
      </>,
      { active: 'inbox' },
    );
  }
  if (answer.kind === 'problem') {
    return render(
      'Thread not found',
      <>
        <PageHeader title="Thread not found" />
        <p class="lmp-text">
          <a class="ecl-link" href={PATH}>
            Back to the inbox
          </a>
        </p>
      </>,
      { active: 'inbox', status: 404 },
    );
  }
  const thread = answer.data;
  if (thread.unread > 0 && ctx.req.method === 'GET')
    await ctx.api.post(`/messages/threads/${encodeURIComponent(id)}/read`, {});
  const errors: Record<string, string> = outcome.error ? { body: outcome.error } : {};
  return render(
    thread.subject,
    <>
      <PageHeader
        meta={thread.companyName ?? 'Company'}
        title={thread.subject}
        description={
          thread.licenceNumber ? `About licence ${thread.licenceNumber}` : 'General thread with the company'
        }
      />
      <p class="lmp-text">
        <a class="ecl-link" href={PATH}>
          Back to the inbox
        </a>
      </p>
      <ErrorSummary errors={errors} labels={{ body: 'Reply' }} title="The reply could not be sent" />
      <ol class="lmp-thread" aria-label="Messages, oldest first">
        {thread.messages.map((m) => (
          <MessageItem message={m} />
        ))}
      </ol>
      <section class="lmp-section" aria-labelledby="reply-heading">
        <h2 class="lmp-heading" id="reply-heading">
          Reply
        </h2>
        <form method="post" action={threadHref(id)} class="lmp-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <TextArea
            name="body"
            label="Your reply"
            value={outcome.body}
            error={errors.body}
            hint="The company sees it as written by the Commission."
            required
            maxLength={10000}
          />
          <Button>Send the reply</Button>
        </form>
      </section>
    </>,
    { active: 'inbox', status: outcome.status ?? 200 },
  );
}

/** POST /commission/inbox/:id: the reply (JSON body to the thread's messages). */
export async function replyPage(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  const body = formValue(ctx.form, 'body');
  const answer = await ctx.api.post(`/messages/threads/${encodeURIComponent(id)}/messages`, { body });
  if (answer.kind === 'ok') return redirect(`${threadHref(id)}#reply-heading`);
  if (answer.kind === 'unavailable')
    return threadView(ctx, {
      body,
      error: 'Messaging is not available at the moment. Try again later.',
      status: 503,
    });
  const errors = fieldErrorsOf(answer.problem);
  return threadView(ctx, {
    body,
    error: errors.body ?? answer.problem.detail ?? answer.problem.title,
    status: answer.status,
  });
}
