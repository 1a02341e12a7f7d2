import { ELEMENTS, EU_MEMBER_STATES, LICENCE_STATUSES, SECTORS, type Broadcast } from '@lmp/contracts';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatCountOf, formatInstant } from '../../components/format';
import { Select, TextArea, TextField } from '../../components/form-fields';
import { elementLabel, memberStateLabel, optionsOf, sectorLabel, statusLabel } from '../../components/labels';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import {
  fieldErrorsOf,
  formValue,
  render,
  type FieldErrors,
  type PageContext,
  type PageResult,
} from '../../app/page';

const PATH = '/commission/broadcasts';
const FILTER_FIELDS = ['exporter', 'element', 'status', 'sector', 'memberState', 'urgent'] as const;

const LABELS: Record<string, string> = {
  exporter: 'Exporter',
  element: 'Element',
  status: 'Status',
  sector: 'Sector',
  memberState: 'Member state',
  urgent: 'Urgent',
  subject: 'Subject',
  body: 'Message',
};

/** The API names filter fields `filter.exporter`…; the form names them `exporter`…. */
const RENAME = Object.fromEntries(FILTER_FIELDS.map((f) => [`filter.${f}`, f]));

type Values = Record<string, string>;

interface Outcome {
  values?: Values;
  errors?: FieldErrors;
  preview?: { companies: number; licences: number };
  sent?: Broadcast;
  unavailable?: boolean;
  status?: number;
}

const broadcastColumns: Column<Broadcast>[] = [
  { key: 'subject', header: 'Subject', rowHeader: true, cell: (b) => b.subject },
  { key: 'createdAt', header: 'Sent', cell: (b) => formatInstant(b.createdAt) },
  { key: 'sentBy', header: 'By', cell: (b) => b.sentBy.name },
  { key: 'companies', header: 'Companies', numeric: true, cell: (b) => formatCount(b.companies) },
  { key: 'licences', header: 'Licences', numeric: true, cell: (b) => formatCount(b.licences) },
];

/** GET /commission/broadcasts: write one message to every company holding matching licences. */
export function broadcastsPage(ctx: PageContext): Promise<PageResult> {
  return broadcastsView(ctx);
}

/** POST /commission/broadcasts: "Preview" (dry run: how many companies and licences) or "Send". */
export async function sendBroadcastPage(ctx: PageContext): Promise<PageResult> {
  const values: Values = {};
  for (const field of [...FILTER_FIELDS, 'subject', 'body']) values[field] = formValue(ctx.form, field);
  const dryRun = formValue(ctx.form, 'action') !== 'send';
  const filter: Record<string, string | boolean> = {};
  for (const field of FILTER_FIELDS) {
    const value = values[field];
    if (!value) continue;
    filter[field] = field === 'urgent' ? value === 'true' : value;
  }
  const answer = await ctx.api.post<Broadcast | { dryRun: true; companies: number; licences: number }>(
    '/messages/broadcasts',
    {
      filter,
      subject: values.subject,
      body: values.body,
      dryRun,
    },
  );
  if (answer.kind === 'unavailable') return broadcastsView(ctx, { values, unavailable: true, status: 503 });
  if (answer.kind === 'problem') {
    const { filter: wholeFilter, ...errors } = fieldErrorsOf(answer.problem, RENAME);
    // The filter as a whole (it matches no company): said of the form, above the criteria.
    if (wholeFilter) errors.form = `No message was sent: the filter ${wholeFilter}. Widen the criteria.`;
    if (Object.keys(errors).length === 0) errors.form = answer.problem.detail ?? answer.problem.title;
    return broadcastsView(ctx, { values, errors, status: answer.status });
  }
  if ('dryRun' in answer.data) return broadcastsView(ctx, { values, preview: answer.data });
  return broadcastsView(ctx, { sent: answer.data });
}

async function broadcastsView(ctx: PageContext, outcome: Outcome = {}): Promise<PageResult> {
  const values = outcome.values ?? {};
  const errors = outcome.errors ?? {};
  const { form: formError, ...fieldErrors } = errors;
  const past = await ctx.api.get<{ items: Broadcast[] }>('/messages/broadcasts', { query: { limit: 20 } });
  return render(
    'Broadcasts',
    <>
      <PageHeader
        meta="European Commission"
        title="Broadcasts"
        description="One message to every company holding a licence that matches the filter, in each company's general thread."
      />
      <ErrorSummary
        errors={fieldErrors}
        labels={LABELS}
        detail={formError}
        title="The message could not be sent"
      />
      {outcome.unavailable && <UnavailableNotice what="Broadcasts" />}
      {outcome.sent && (
        <Notification
          variant="success"
          title="The message was sent"
          description={`${formatCountOf(outcome.sent.companies, 'company', 'companies')} holding ${formatCountOf(outcome.sent.licences, 'matching licence', 'matching licences')} received it.`}
        />
      )}
      {outcome.preview && (
        <div data-preview="true">
          <Notification
            variant="info"
            title={`This message would reach ${formatCountOf(outcome.preview.companies, 'company', 'companies')}`}
            description={`They hold ${formatCountOf(outcome.preview.licences, 'licence', 'licences')} matching the filter. Nothing has been sent yet.`}
          />
        </div>
      )}
      <form method="post" action={PATH} class="lmp-form lmp-section">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <fieldset class="ecl-form-group lmp-fieldset" aria-describedby="recipients-hint">
          <legend class="lmp-fieldset__legend lmp-legend-heading">Who receives it</legend>
          <p class="ecl-help-block" id="recipients-hint">
            Every criterion given must hold; with none, every company with a licence receives it.
          </p>
          <div class="lmp-filters lmp-filters__fields">
            <TextField
              name="exporter"
              label="Exporter (part of the name)"
              value={values.exporter}
              error={fieldErrors.exporter}
            />
            <Select
              name="element"
              label="Element"
              placeholder="Any element"
              value={values.element}
              options={optionsOf(ELEMENTS, elementLabel)}
              error={fieldErrors.element}
            />
            <Select
              name="status"
              label="Status"
              placeholder="Any status"
              value={values.status}
              options={optionsOf(LICENCE_STATUSES, statusLabel)}
              error={fieldErrors.status}
            />
            <Select
              name="sector"
              label="Sector"
              placeholder="Any sector"
              value={values.sector}
              options={optionsOf(SECTORS, sectorLabel)}
              error={fieldErrors.sector}
            />
            <Select
              name="memberState"
              label="Member state"
              placeholder="Any member state"
              value={values.memberState}
              options={optionsOf(EU_MEMBER_STATES, memberStateLabel).sort((a, b) =>
                a.label.localeCompare(b.label),
              )}
              error={fieldErrors.memberState}
            />
            <Select
              name="urgent"
              label="Urgent"
              placeholder="Urgent or not"
              value={values.urgent}
              options={[
                { value: 'true', label: 'Urgent only' },
                { value: 'false', label: 'Not urgent' },
              ]}
              error={fieldErrors.urgent}
            />
          </div>
        </fieldset>
        <TextField
          name="subject"
          label="Subject"
          value={values.subject}
          error={fieldErrors.subject}
          width="l"
          required
          maxLength={200}
        />
        <TextArea
          name="body"
          label="Message"
          value={values.body}
          error={fieldErrors.body}
          rows={8}
          required
          maxLength={10000}
        />
        <div class="lmp-actions">
          <Button variant="secondary" name="action" value="preview">
            Preview: how many companies
          </Button>
          <Button variant="primary" name="action" value="send">
            Send the message
          </Button>
        </div>
      </form>
      <section class="lmp-section" aria-labelledby="past-heading">
        <h2 class="lmp-heading" id="past-heading">
          Sent before
        </h2>
        {past.kind === 'ok' && Array.isArray(past.data.items) ? (
          <Table
            caption="Broadcasts, newest first"
            captionHidden
            columns={broadcastColumns}
            rows={past.data.items}
            rowKey={(b) => b.id}
            empty="No broadcast has been sent yet."
          />
        ) : past.kind === 'unavailable' ? (
          <UnavailableNotice what="The broadcasts sent before" retryAfter={past.retryAfter} />
        ) : (
          <p class="lmp-text">The broadcasts sent before could not be listed.</p>
        )}
      </section>
    </>,
    { active: 'broadcasts', status: outcome.status ?? 200 },
  );
}
