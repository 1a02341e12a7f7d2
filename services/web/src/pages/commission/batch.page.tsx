import type { Batch, BatchItem } from '@lmp/contracts';
import { ErrorSummary } from '../../components/error-summary';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import {
  fieldErrorsOf,
  formValue,
  passThrough,
  redirect,
  render,
  type Notice,
  type PageContext,
  type PageResult,
} from '../../app/page';
import { BatchActions, BatchDetails, batchHref, BatchItemsTable } from './batch-views';
import { hrefWith } from './hrefs';

interface ItemPage {
  items: BatchItem[];
  nextCursor: string | null;
}

const DONE: Record<string, Notice> = {
  built: {
    variant: 'success',
    title: 'The batch was built',
    description: 'Review its licences, then dispatch it to MOFCOM.',
  },
  dispatched: { variant: 'success', title: 'The batch was sent to MOFCOM' },
  cancelled: {
    variant: 'info',
    title: 'The batch was cancelled',
    description: 'Its licences go into the next batch.',
  },
  excluded: { variant: 'success', title: 'The licence was left out of the batch' },
};

const idOf = (ctx: PageContext) => ctx.params.id ?? '';
const apiPath = (id: string) => `/transmissions/batches/${encodeURIComponent(id)}`;

/** GET /commission/batches/:id: the batch, its items for review, and what can be done with it. */
export function batchPage(ctx: PageContext): Promise<PageResult> {
  return batchView(ctx);
}

interface Outcome {
  exclusion?: { licenceId: string; reason: string; error: string };
  problem?: string;
  status?: number;
}

async function batchView(ctx: PageContext, outcome: Outcome = {}): Promise<PageResult> {
  const id = idOf(ctx);
  const cursor = ctx.query.cursor;
  const [batch, items] = await Promise.all([
    ctx.api.get<Batch>(apiPath(id)),
    ctx.api.get<ItemPage>(`${apiPath(id)}/items`, { query: { cursor, limit: 100 } }),
  ]);
  if (batch.kind === 'unavailable') {
    return render(
      'Batch',
      <>
        <PageHeader title="Batch" />
        <UnavailableNotice what="The batch" retryAfter={batch.retryAfter} />
      </>,
      { active: 'batches' },
    );
  }
  if (batch.kind === 'problem') {
    return render(
      'Batch not found',
      <>
        <PageHeader title="Batch not found" />
        <p class="lmp-text">
          There is no such batch.{' '}
          <a class="ecl-link" href="/commission/batches">
            See every batch
          </a>
          .
        </p>
      </>,
      { active: 'batches', status: 404 },
    );
  }
  const done = ctx.query.done ? DONE[ctx.query.done] : undefined;
  return render(
    `Batch ${batch.data.runNumber}`,
    <>
      <PageHeader meta="Batches to MOFCOM" title={`Batch ${batch.data.runNumber}`} />
      {outcome.exclusion && (
        <ErrorSummary
          errors={{ [`reason-${outcome.exclusion.licenceId}`]: outcome.exclusion.error }}
          labels={{ [`reason-${outcome.exclusion.licenceId}`]: 'Reason' }}
          title="The licence could not be left out"
        />
      )}
      {outcome.problem && (
        <ErrorSummary errors={{}} title="That could not be done" detail={outcome.problem} />
      )}
      <BatchDetails batch={batch.data} />
      <BatchActions batch={batch.data} csrfToken={ctx.csrfToken} />
      <section class="lmp-section" aria-labelledby="items-heading">
        <h2 class="lmp-heading" id="items-heading">
          Licences in this batch
        </h2>
        {items.kind === 'ok' ? (
          <>
            <BatchItemsTable
              batch={batch.data}
              items={items.data.items}
              csrfToken={ctx.csrfToken}
              exclusion={outcome.exclusion}
            />
            <Pagination
              previousHref={cursor ? batchHref(id) : null}
              previousLabel="First licences"
              nextHref={
                items.data.nextCursor ? hrefWith(batchHref(id), { cursor: items.data.nextCursor }) : null
              }
            />
          </>
        ) : items.kind === 'unavailable' ? (
          <UnavailableNotice what="The licences of this batch" retryAfter={items.retryAfter} />
        ) : (
          <Notification
            variant="error"
            title="The licences could not be listed"
            description={items.problem.detail ?? items.problem.title}
          />
        )}
      </section>
    </>,
    { active: 'batches', status: outcome.status ?? 200, notices: done ? [done] : [] },
  );
}

/** POST /commission/batches/:id/dispatch */
export async function dispatchBatchPage(ctx: PageContext): Promise<PageResult> {
  return actOnBatch(ctx, 'dispatch', 'dispatched');
}

/** POST /commission/batches/:id/cancel */
export async function cancelBatchPage(ctx: PageContext): Promise<PageResult> {
  return actOnBatch(ctx, 'cancel', 'cancelled');
}

async function actOnBatch(
  ctx: PageContext,
  action: 'dispatch' | 'cancel',
  done: string,
): Promise<PageResult> {
  const id = idOf(ctx);
  const answer = await ctx.api.post(`${apiPath(id)}/${action}`, {});
  if (answer.kind === 'ok') return redirect(hrefWith(batchHref(id), { done }));
  if (answer.kind === 'unavailable')
    return batchView(ctx, {
      problem: 'The transmissions service is not available at the moment. Try again later.',
      status: 503,
    });
  return batchView(ctx, { problem: answer.problem.detail ?? answer.problem.title, status: answer.status });
}

/** POST /commission/batches/:id/items/:licenceId/exclude with `reason`. */
export async function excludeItemPage(ctx: PageContext): Promise<PageResult> {
  const id = idOf(ctx);
  const licenceId = ctx.params.licenceId ?? '';
  const reason = formValue(ctx.form, 'reason');
  const answer = await ctx.api.post(`${apiPath(id)}/items/${encodeURIComponent(licenceId)}/exclude`, {
    reason,
  });
  if (answer.kind === 'ok') return redirect(hrefWith(batchHref(id), { done: 'excluded' }));
  if (answer.kind === 'unavailable')
    return batchView(ctx, {
      problem: 'The transmissions service is not available at the moment. Try again later.',
      status: 503,
    });
  const errors = fieldErrorsOf(answer.problem);
  if (errors.reason)
    return batchView(ctx, { exclusion: { licenceId, reason, error: errors.reason }, status: answer.status });
  return batchView(ctx, { problem: answer.problem.detail ?? answer.problem.title, status: answer.status });
}

/** GET /commission/batches/:id/file?format=csv|xlsx: the MOFCOM file, through the web app with the user's token. */
export async function batchFilePage(ctx: PageContext): Promise<PageResult> {
  const format = ctx.query.format === 'xlsx' ? 'xlsx' : 'csv';
  return passThrough(await ctx.api.raw(`${apiPath(idOf(ctx))}/file`, { query: { format } }));
}
