import type { ConfirmationRequest } from '@lmp/contracts';
import { formatCount, formatDate } from '../../components/format';
import { statusLabel } from '../../components/labels';
import { Notification, UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Table, type Column } from '../../components/table';
import { render, type PageContext, type PageResult } from '../../app/page';

const columns: Column<ConfirmationRequest>[] = [
  {
    key: 'licenceNumber',
    header: 'Licence',
    rowHeader: true,
    cell: (c) => (
      <a class="ecl-link ecl-link--standalone" href={`/licences/${c.licenceId}#confirmation-${c.id.slice(0, 8)}-heading`}>
        {c.licenceNumber}
      </a>
    ),
  },
  {
    key: 'reported',
    header: 'MOFCOM reported',
    cell: (c) => `${statusLabel(c.reportedStatus)}${c.reportedDate ? ` on ${formatDate(c.reportedDate)}` : ''}`,
  },
  { key: 'requestedAt', header: 'Asked on', cell: (c) => formatDate(c.requestedAt) },
];

/** GET /confirmations: the company's open confirmation requests, each to be answered on its licence page. */
export async function confirmationsPage(ctx: PageContext): Promise<PageResult> {
  const answer = await ctx.api.get<{ items: ConfirmationRequest[] }>('/confirmations');
  return render(
    'Confirmation requests',
    <>
      <PageHeader
        title="Confirmation requests"
        description="The Commission asks you to confirm what Chinese authorities reported. Open a licence to confirm it or correct it."
      />
      {answer.kind === 'unavailable' && <UnavailableNotice what="The confirmation requests" retryAfter={answer.retryAfter} />}
      {answer.kind === 'problem' && (
        <Notification variant="error" title="The requests could not be shown" description={answer.problem.detail ?? answer.problem.title} />
      )}
      {answer.kind === 'ok' && (
        <Table
          caption={`Open requests: ${formatCount(answer.data.items.length)}`}
          columns={columns}
          rows={answer.data.items}
          rowKey={(c) => c.id}
          empty="No open request: nothing to confirm."
        />
      )}
    </>,
    { active: 'licences' },
  );
}
