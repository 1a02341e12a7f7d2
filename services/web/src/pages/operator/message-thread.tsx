import type { Thread } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatInstant } from '../../components/format';
import { FileUpload, TextArea } from '../../components/form-fields';
import { UnavailableNotice } from '../../components/notification';
import { formValue, type FieldErrors, type FormBody, type PageContext } from '../../app/page';

export type ThreadState = { kind: 'ok'; data: unknown } | { kind: 'unavailable'; retryAfter: string | null };

/** A thread about a licence (or the company's general one): messages oldest first, then a reply form. */
export function MessageThread({
  ctx,
  action,
  thread,
  state,
  empty = 'No messages about this licence yet.',
}: {
  ctx: PageContext;
  action: string;
  thread: ThreadState;
  state?: { form: FormBody; errors: FieldErrors; detail?: string };
  /** Said when the thread has no message yet. */
  empty?: string;
}) {
  if (thread.kind === 'unavailable') return <UnavailableNotice what="Messages" retryAfter={thread.retryAfter} />;
  const messages = (thread.data as Partial<Thread>).messages ?? [];
  const errors = state?.errors ?? {};
  return (
    <>
      {messages.length === 0 ? (
        <p class="ecl-u-type-paragraph">{empty}</p>
      ) : (
        <ol class="lmp-thread" aria-label="Messages">
          {messages.map((message) => (
            <li class={`lmp-thread__message lmp-thread__message--${message.author.side}`}>
              <p class="lmp-thread__meta">
                <strong>{message.author.name}</strong> · <time dateTime={message.createdAt}>{formatInstant(message.createdAt)}</time>
              </p>
              <p class="lmp-thread__body">{message.body}</p>
              {message.attachments.length > 0 && (
                <ul class="lmp-thread__attachments" aria-label="Attachments">
                  {message.attachments.map((attachment) => (
                    <li>
                      <a class="ecl-link ecl-link--standalone" href={`/attachments/${attachment.id}`}>
                        {attachment.fileName}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary errors={errors} labels={{ body: 'Message', files: 'Attachments' }} detail={state?.detail} />
      <form method="post" action={action} enctype="multipart/form-data" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <TextArea name="body" label="Your message" value={formValue(state?.form ?? {}, 'body')} error={errors.body} required />
        <FileUpload
          name="files"
          label="Attachments"
          hint="Up to 5 files: PDF, PNG, JPEG or XLSX, 10 MB each. After an error, choose them again."
          accept=".pdf,.png,.jpg,.jpeg,.xlsx"
          multiple
          optional
          error={errors.files}
        />
        <div class="lmp-form__actions">
          <Button>Send the message</Button>
        </div>
      </form>
    </>
  );
}
