import type { Batch, BatchItem, TransmissionSchedule } from '@lmp/contracts';
import { Button, LinkButton } from '../../components/button';
import { DescriptionList } from '../../components/description-list';
import { formatCount, formatDate, formatInstant } from '../../components/format';
import { TextField } from '../../components/form-fields';
import { batchKindLabel } from '../../components/labels';
import { StatusTag } from '../../components/status-tag';
import { Table, type Column } from '../../components/table';

export const batchHref = (id: string) => `/commission/batches/${encodeURIComponent(id)}`;

/** "2025-10-27/2025-11-10" → "27 Oct 2025 – 10 Nov 2025". */
export function formatPeriod(period: string): string {
  const [from, to] = period.split('/');
  return from && to ? `${formatDate(from)} – ${formatDate(to)}` : period;
}

const batchColumns: Column<Batch>[] = [
  {
    key: 'runNumber',
    header: 'Run',
    rowHeader: true,
    cell: (b) => (
      <a class="ecl-link ecl-link--standalone" href={batchHref(b.id)}>
        Batch {b.runNumber}
      </a>
    ),
  },
  { key: 'kind', header: 'Kind', cell: (b) => batchKindLabel(b.kind) + (b.late ? ' (late)' : '') },
  { key: 'period', header: 'Period', cell: (b) => formatPeriod(b.period) },
  { key: 'status', header: 'Status', cell: (b) => <StatusTag status={b.status} kind="batch" /> },
  { key: 'createdAt', header: 'Built', cell: (b) => formatInstant(b.createdAt) },
  { key: 'dispatchedAt', header: 'Dispatched', cell: (b) => formatInstant(b.dispatchedAt) },
  { key: 'itemCount', header: 'Licences', numeric: true, cell: (b) => formatCount(b.itemCount) },
  { key: 'excludedCount', header: 'Left out', numeric: true, cell: (b) => formatCount(b.excludedCount) },
];

export function BatchTable({ batches }: { batches: Batch[] }) {
  return (
    <Table
      caption="Batches, newest first"
      captionHidden
      columns={batchColumns}
      rows={batches}
      rowKey={(b) => b.id}
      empty="No batch has been built yet."
    />
  );
}

export function ScheduleDetails({ schedule }: { schedule: TransmissionSchedule }) {
  return (
    <DescriptionList
      items={[
        {
          term: 'Every',
          definition: `${schedule.intervalDays} days at ${schedule.time} (${schedule.timeZone}), from ${formatDate(schedule.anchorDate)}`,
        },
        { term: 'Next batch', definition: formatInstant(schedule.nextRunAt) },
        { term: 'Last scheduled batch', definition: formatInstant(schedule.lastRunAt) },
        {
          term: 'Dispatch',
          definition: schedule.autoDispatch
            ? 'Automatic, as soon as a batch is built'
            : 'After review, by a member of staff',
        },
      ]}
    />
  );
}

export function BatchDetails({ batch }: { batch: Batch }) {
  return (
    <DescriptionList
      items={[
        { term: 'Status', definition: <StatusTag status={batch.status} kind="batch" /> },
        {
          term: 'Kind',
          definition: batchKindLabel(batch.kind) + (batch.late ? ' (built late, by catch-up)' : ''),
        },
        { term: 'Period', definition: formatPeriod(batch.period) },
        { term: 'Licences submitted until', definition: formatInstant(batch.cutOff) },
        { term: 'Built', definition: formatInstant(batch.createdAt) },
        { term: 'Dispatched', definition: formatInstant(batch.dispatchedAt) },
        { term: 'Licences in the file', definition: formatCount(batch.itemCount) },
        { term: 'Left out', definition: formatCount(batch.excludedCount) },
        { term: 'Dispatch attempts', definition: formatCount(batch.dispatch.attempts) },
        ...(batch.dispatch.lastError
          ? [{ term: 'Last dispatch error', definition: batch.dispatch.lastError }]
          : []),
        ...(batch.fileSha256
          ? [{ term: 'File SHA-256', definition: <code class="lmp-hash">{batch.fileSha256}</code> }]
          : []),
      ]}
    />
  );
}

interface BatchActionsProps {
  batch: Batch;
  csrfToken: string;
}

/** Dispatch (a draft, or a failed batch again) and cancel (a draft): POST forms with the CSRF token. */
export function BatchActions({ batch, csrfToken }: BatchActionsProps) {
  const canDispatch = batch.status === 'draft' || batch.status === 'failed';
  const canCancel = batch.status === 'draft';
  return (
    <div class="lmp-actions">
      {canDispatch && (
        <form
          method="post"
          action={`${batchHref(batch.id)}/dispatch`}
          class="lmp-inline-form"
          data-confirm={`Send batch ${batch.runNumber} (${batch.itemCount} licences) to MOFCOM now?`}
        >
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Button variant="primary">
            {batch.status === 'failed' ? 'Dispatch again' : 'Dispatch to MOFCOM'}
          </Button>
        </form>
      )}
      {canCancel && (
        <form
          method="post"
          action={`${batchHref(batch.id)}/cancel`}
          class="lmp-inline-form"
          data-confirm={`Cancel batch ${batch.runNumber}? Its licences go into the next batch.`}
        >
          <input type="hidden" name="_csrf" value={csrfToken} />
          <Button variant="secondary">Cancel this batch</Button>
        </form>
      )}
      <LinkButton href={`${batchHref(batch.id)}/file?format=csv`} variant="secondary" icon="download">
        Download CSV
      </LinkButton>
      <LinkButton href={`${batchHref(batch.id)}/file?format=xlsx`} variant="secondary" icon="download">
        Download Excel
      </LinkButton>
    </div>
  );
}

interface ItemsTableProps {
  batch: Batch;
  items: BatchItem[];
  csrfToken: string;
  /** The exclusion refused last time: which licence, what was typed, why. */
  exclusion?: { licenceId: string; reason: string; error: string };
}

/** The batch's licences in file order; in a draft each can be left out with a reason. */
export function BatchItemsTable({ batch, items, csrfToken, exclusion }: ItemsTableProps) {
  const draft = batch.status === 'draft';
  const columns: Column<BatchItem>[] = [
    { key: 'licenceNumber', header: 'Licence number', rowHeader: true, cell: (i) => i.licenceNumber },
    {
      key: 'submissionDate',
      header: 'Submission date (filed with MOFCOM)',
      cell: (i) => formatDate(i.submissionDate),
    },
    {
      key: 'state',
      header: 'In the file',
      cell: (i) => (i.excluded ? `Left out: ${i.exclusionReason ?? 'no reason given'}` : 'Yes'),
    },
  ];
  if (draft) {
    columns.push({
      key: 'exclude',
      header: 'Leave out',
      cell: (i) =>
        i.excluded ? null : (
          <form
            method="post"
            action={`${batchHref(batch.id)}/items/${encodeURIComponent(i.licenceId)}/exclude`}
            class="lmp-inline-form"
          >
            <input type="hidden" name="_csrf" value={csrfToken} />
            <TextField
              id={`reason-${i.licenceId}`}
              name="reason"
              label={`Reason to leave out ${i.licenceNumber}`}
              value={exclusion?.licenceId === i.licenceId ? exclusion.reason : ''}
              error={exclusion?.licenceId === i.licenceId ? exclusion.error : undefined}
              width="s"
              maxLength={500}
            />
            <Button variant="secondary">Leave out</Button>
          </form>
        ),
    });
  }
  return (
    <Table
      caption={`Licences of batch ${batch.runNumber}, in file order`}
      columns={columns}
      rows={items}
      rowKey={(i) => i.licenceId}
      empty="This batch has no licence."
    />
  );
}
