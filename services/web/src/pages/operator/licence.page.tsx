import type { ConfirmationRequest, HistoryEntry, LicenceDetail, ThreadPage } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatDate } from '../../components/format';
import { Select, DateField, TextArea } from '../../components/form-fields';
import { optionsOf, statusLabel } from '../../components/labels';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { redirect, render, type FieldErrors, type FormBody, type Notice, type PageContext, type PageResult } from '../../app/page';
import { LICENCE_STATUSES } from '@lmp/contracts';
import { LICENCE_FIELD_LABELS, StatusFields } from './licence-form';
import { formOfLicence } from './licence-input';
import { HistoryTimeline, LicenceSummary, TransmissionsLine } from './licence-view';
import { MessageThread, type ThreadState } from './message-thread';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LicencePageState {
  /** The edit form's values and errors after a refused change. */
  edit?: { form: FormBody; errors: FieldErrors; detail?: string };
  /** A refused confirmation answer, by confirmation id. */
  confirmation?: { id: string; form: FormBody; errors: FieldErrors };
  message?: { form: FormBody; errors: FieldErrors; detail?: string };
  notices?: Notice[];
  status?: number;
}

const SAVED_NOTICES: Record<string, Notice> = {
  registered: { variant: 'success', title: 'The licence is registered', description: 'It is pending until you say otherwise.' },
  updated: { variant: 'success', title: 'The licence is updated', description: 'The change is in its history below.' },
  confirmed: { variant: 'success', title: 'Thank you: your answer is recorded' },
  sent: { variant: 'success', title: 'Your message is sent' },
  reviewed: { variant: 'success', title: 'Thank you: the licence is checked', description: 'It no longer asks to be checked.' },
};

/** GET /licences/:id: all fields, transmissions, open confirmations, edit form, history, messages. */
export async function licencePage(ctx: PageContext, state: LicencePageState = {}): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return notFound();
  const [detail, history, thread] = await Promise.all([
    ctx.api.get<LicenceDetail>(`/licences/${id}`),
    ctx.api.get<HistoryEntry[]>(`/licences/${id}/history`),
    ctx.api.get<unknown>(`/licences/${id}/messages`),
  ]);
  if (detail.kind === 'unavailable') {
    return render('Licence', <UnavailableNotice what="This licence" retryAfter={detail.retryAfter} />, {
      status: 503,
      active: 'licences',
    });
  }
  if (detail.kind === 'problem') return detail.status === 404 || detail.status === 400 ? notFound() : forbidden();
  const licence = detail.data;
  const etag = detail.headers.get('etag') ?? '';
  const notices = [
    ...Object.keys(SAVED_NOTICES)
      .filter((key) => ctx.query[key] === '1')
      .map((key) => SAVED_NOTICES[key]!),
    ...(state.notices ?? []),
  ];
  const threadState: ThreadState =
    thread.kind === 'ok' ? { kind: 'ok', data: thread.data } : { kind: 'unavailable', retryAfter: thread.kind === 'unavailable' ? thread.retryAfter : null };
  return render(
    `Licence ${licence.licenceNumber}`,
    <>
      <PageHeader
        meta="Licence"
        title={licence.licenceNumber}
        description={`${licence.exporter.name} · filed with MOFCOM on ${formatDate(licence.applicationDate)}`}
      />
      {licence.reviewRequired && <ReviewNotice ctx={ctx} licenceId={licence.id} etag={etag} />}
      {licence.openConfirmations.map((request) => (
        <ConfirmationRequestForm ctx={ctx} licenceId={licence.id} request={request} state={state.confirmation?.id === request.id ? state.confirmation : undefined} />
      ))}
      <section class="lmp-section" aria-labelledby="details-heading">
        <h2 class="ecl-u-type-heading-2" id="details-heading">
          Details
        </h2>
        <LicenceSummary licence={licence} />
      </section>
      <section class="lmp-section" aria-labelledby="transmissions-heading">
        <h2 class="ecl-u-type-heading-2" id="transmissions-heading">
          Transmissions to MOFCOM
        </h2>
        <TransmissionsLine transmissions={licence.transmissions} />
      </section>
      <section class="lmp-section" aria-labelledby="edit-heading">
        <h2 class="ecl-u-type-heading-2" id="edit-heading">
          Update the status
        </h2>
        <ErrorSummary errors={state.edit?.errors ?? {}} labels={LICENCE_FIELD_LABELS} detail={state.edit?.detail} />
        <form method="post" action={`/licences/${licence.id}/status`} class="lmp-form" noValidate>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="etag" value={etag} />
          <StatusFields form={state.edit?.form ?? formOfLicence(licence)} errors={state.edit?.errors ?? {}} />
          <div class="lmp-form__actions">
            <Button>Save the status</Button>
            <a class="ecl-link ecl-link--standalone" href={`/licences/${licence.id}/edit`}>
              Edit all fields
            </a>
          </div>
        </form>
      </section>
      <section class="lmp-section" aria-labelledby="history-heading">
        <h2 class="ecl-u-type-heading-2" id="history-heading">
          History
        </h2>
        {history.kind === 'ok' ? (
          <HistoryTimeline entries={history.data} />
        ) : (
          <UnavailableNotice what="The history" retryAfter={history.kind === 'unavailable' ? history.retryAfter : null} />
        )}
      </section>
      <section class="lmp-section" id="messages" aria-labelledby="messages-heading">
        <h2 class="ecl-u-type-heading-2" id="messages-heading">
          Messages with the Commission
        </h2>
        <MessageThread ctx={ctx} action={`/licences/${licence.id}/messages`} thread={threadState} state={state.message} />
      </section>
    </>,
    { active: 'licences', notices, status: state.status },
  );
}

/** A licence migrated from EU Survey: the company checks it once, then confirms it (or edits it). */
function ReviewNotice({ ctx, licenceId, etag }: { ctx: PageContext; licenceId: string; etag: string }) {
  return (
    <section class="lmp-section lmp-review" aria-labelledby="review-heading">
      <Notification variant="warning" title="Check this migrated licence">
        <p class="ecl-u-mv-none" id="review-heading">
          This licence comes from your company’s answers to the EU Survey questionnaire. Check every field below: if
          something is wrong, edit it; if all is right, confirm it.
        </p>
      </Notification>
      <form method="post" action={`/licences/${licenceId}/review`} class="lmp-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="etag" value={etag} />
        <div class="lmp-form__actions">
          <Button>Confirm it is correct</Button>
          <a class="ecl-link ecl-link--standalone" href={`/licences/${licenceId}/edit`}>
            Edit the licence
          </a>
        </div>
      </form>
    </section>
  );
}

function ConfirmationRequestForm({
  ctx,
  licenceId,
  request,
  state,
}: {
  ctx: PageContext;
  licenceId: string;
  request: ConfirmationRequest;
  state?: { form: FormBody; errors: FieldErrors };
}) {
  const errors = state?.errors ?? {};
  const form = state?.form ?? {};
  const value = (name: string) => {
    const v = form[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const reported = `${statusLabel(request.reportedStatus)}${request.reportedDate ? ` on ${formatDate(request.reportedDate)}` : ''}`;
  const idPrefix = `confirmation-${request.id.slice(0, 8)}`;
  return (
    <section class="lmp-section lmp-confirmation" aria-labelledby={`${idPrefix}-heading`}>
      <Notification variant="warning" title="The Commission asks you to confirm information from MOFCOM">
        <p class="ecl-u-mv-none">
          Chinese authorities reported this licence as <strong>{reported}</strong> (asked on {formatDate(request.requestedAt)}). Is
          that right?
        </p>
      </Notification>
      <h2 class="ecl-u-type-heading-3" id={`${idPrefix}-heading`}>
        Confirm or correct
      </h2>
      <ErrorSummary errors={errors} labels={{ status: 'Status', decisionDate: 'Decision date', comment: 'Comment', decision: 'Answer' }} />
      <form method="post" action={`/licences/${licenceId}/confirmations/${request.id}`} class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class="lmp-form__actions">
          <Button name="decision" value="confirm">
            Confirm: it is right
          </Button>
        </div>
        <p class="ecl-u-type-paragraph">Or tell us what is right:</p>
        <Select id={`${idPrefix}-status`} name="status" label="Status" options={optionsOf(LICENCE_STATUSES, statusLabel)} value={value('status')} error={errors.status} />
        <DateField id={`${idPrefix}-decisionDate`} name="decisionDate" label="Decision date" value={value('decisionDate')} error={errors.decisionDate} optional />
        <TextArea id={`${idPrefix}-comment`} name="comment" label="Comment" hint="Required with a correction: what is right, and since when." value={value('comment')} error={errors.comment} />
        <div class="lmp-form__actions">
          <Button name="decision" value="correct" variant="secondary">
            Send the correction
          </Button>
        </div>
      </form>
    </section>
  );
}

/**
 * GET /licences/:id for the Commission (the link of a company's message in its mailbox): the
 * inbox's thread about the licence, or the licence in the Commission's list when it has none.
 */
export async function commissionLicenceLink(ctx: PageContext): Promise<PageResult> {
  const id = ctx.params.id ?? '';
  if (!UUID.test(id)) return notFound();
  const threads = await ctx.api.get<ThreadPage>('/messages/threads', { query: { licenceId: id, limit: 1 } });
  const thread = threads.kind === 'ok' ? threads.data.items[0] : undefined;
  if (thread) return redirect(`/commission/inbox/${thread.id}`, 302);
  const licence = await ctx.api.get<LicenceDetail>(`/licences/${id}`);
  if (licence.kind === 'ok') return redirect(`/commission/licences?q=${encodeURIComponent(licence.data.licenceNumber)}`, 302);
  return redirect('/commission/licences', 302);
}

export function notFound(): PageResult {
  return render(
    'Page not found',
    <PageHeader title="Page not found" description="The licence does not exist, or it belongs to another company." />,
    { status: 404, active: 'licences' },
  );
}

function forbidden(): PageResult {
  return render('You cannot open this page', <PageHeader title="You cannot open this page" />, { status: 403 });
}
