import type { Batch, TransmissionSchedule } from '@lmp/contracts';
import type { ComponentChildren } from 'preact';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Checkbox } from '../../components/form-fields';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { formValue, redirect, render, type PageContext, type PageResult } from '../../app/page';
import { BatchTable, batchHref, ScheduleDetails } from './batch-views';
import { hrefWith } from './hrefs';

const PATH = '/commission/batches';

interface BatchList {
  items: Batch[];
  nextCursor: string | null;
}

/** GET /commission/batches: the schedule, the batches newest first, and "build a batch now". */
export async function batchesPage(ctx: PageContext): Promise<PageResult> {
  return batchesView(ctx);
}

/** POST /commission/batches: build a batch now (urgent licences only when asked), then review it. */
export async function buildBatchPage(ctx: PageContext): Promise<PageResult> {
  const urgentOnly = formValue(ctx.form, 'urgentOnly') === 'true';
  const answer = await ctx.api.post<Batch>('/transmissions/batches', { urgentOnly });
  if (answer.kind === 'ok') return redirect(hrefWith(batchHref(answer.data.id), { done: 'built' }));
  if (answer.kind === 'unavailable') return batchesView(ctx, { unavailable: true, status: 503 });
  return batchesView(ctx, { problem: answer.problem.detail ?? answer.problem.title, status: answer.status });
}

async function batchesView(
  ctx: PageContext,
  outcome: { problem?: string; unavailable?: boolean; status?: number } = {},
): Promise<PageResult> {
  const cursor = ctx.query.cursor;
  const [schedule, batches] = await Promise.all([
    ctx.api.get<TransmissionSchedule>('/transmissions/schedule'),
    ctx.api.get<BatchList>('/transmissions/batches', { query: { cursor, limit: 50 } }),
  ]);
  let body: ComponentChildren;
  if (batches.kind === 'unavailable') {
    body = <UnavailableNotice what="The batches" retryAfter={batches.retryAfter} />;
  } else if (batches.kind === 'problem') {
    body = (
      <Notification
        variant="error"
        title="The batches could not be listed"
        description={batches.problem.detail ?? batches.problem.title}
      />
    );
  } else {
    body = (
      <>
        <BatchTable batches={batches.data.items} />
        <Pagination
          previousHref={cursor ? PATH : null}
          previousLabel="Newest batches"
          nextHref={batches.data.nextCursor ? hrefWith(PATH, { cursor: batches.data.nextCursor }) : null}
        />
      </>
    );
  }
  return render(
    'Batches',
    <>
      <PageHeader
        meta="European Commission"
        title="Batches to MOFCOM"
        description="Each batch is a file of licence numbers and submission dates sent to MOFCOM. Review a draft, leave licences out, then dispatch it."
      />
      {outcome.problem && (
        <ErrorSummary errors={{}} title="The batch could not be built" detail={outcome.problem} />
      )}
      {outcome.unavailable && <UnavailableNotice what="Building a batch" />}
      <div class="lmp-grid-2">
        <section class="lmp-section" aria-labelledby="schedule-heading">
          <h2 class="lmp-heading" id="schedule-heading">
            Schedule
          </h2>
          {schedule.kind === 'ok' ? (
            <ScheduleDetails schedule={schedule.data} />
          ) : (
            <UnavailableNotice
              what="The schedule"
              retryAfter={schedule.kind === 'unavailable' ? schedule.retryAfter : null}
            />
          )}
        </section>
        <section class="lmp-section" aria-labelledby="build-heading">
          <h2 class="lmp-heading" id="build-heading">
            Build a batch now
          </h2>
          <p class="lmp-text">
            A draft with every pending licence not yet in a batch, to review before it is dispatched.
          </p>
          <form method="post" action={PATH} class="lmp-form">
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <Checkbox
              name="urgentOnly"
              label="Only urgent licences not sent in the last 7 days"
              checked={formValue(ctx.form, 'urgentOnly') === 'true'}
            />
            <Button>Build a batch</Button>
          </form>
        </section>
      </div>
      <section class="lmp-section" aria-labelledby="batches-heading">
        <h2 class="lmp-heading" id="batches-heading">
          Batches
        </h2>
        {body}
      </section>
    </>,
    { active: 'batches', status: outcome.status ?? 200 },
  );
}
