import type { Licence } from '@lmp/contracts';
import { Chart } from '../../components/chart';
import {
  formatCount,
  formatDate,
  formatDays,
  formatInstant,
  formatMonth,
  formatRate,
} from '../../components/format';
import { KeyFigures, type KeyFigure } from '../../components/key-figures';
import {
  elementLabel,
  licenceTypeLabel,
  memberStateLabel,
  sectorLabel,
  statusLabel,
} from '../../components/labels';
import { StatusTag, UrgentTag } from '../../components/status-tag';
import { Table, type Column } from '../../components/table';
import { hrefWith } from './hrefs';
import type { Breakdown, ExporterRow, ReportSummary, StaleLicence, Timeline } from './report-types';

/** The summary's figures, in the order the dashboard shows them; `key` names them for tests. */
export function summaryFigures(summary: ReportSummary): KeyFigure[] {
  return [
    { key: 'total', title: 'Licences registered', value: formatCount(summary.total) },
    { key: 'pending', title: 'Pending', value: formatCount(summary.byStatus.pending) },
    { key: 'processing', title: 'Processing', value: formatCount(summary.byStatus.processing) },
    { key: 'granted', title: 'Granted', value: formatCount(summary.byStatus.granted) },
    { key: 'refused', title: 'Refused', value: formatCount(summary.byStatus.refused) },
    {
      key: 'approvalRate',
      title: 'Approval rate',
      value: formatRate(summary.approvalRate),
      description: summary.approvalRate === null ? 'Nothing decided yet' : 'Granted of granted and refused',
    },
    { key: 'urgentPending', title: 'Urgent, not decided', value: formatCount(summary.urgentPending) },
    {
      key: 'stalePending',
      title: 'Stale',
      value: formatCount(summary.stalePending),
      description: 'Transmitted, no status change for 14 days',
    },
    {
      key: 'medianDaysToDecision',
      title: 'Median time to decision',
      value: formatDays(summary.medianDaysToDecision),
    },
    {
      key: 'p90DaysToDecision',
      title: '90th percentile time to decision',
      value: formatDays(summary.p90DaysToDecision),
    },
    {
      key: 'transmittedAtLeastOnce',
      title: 'Transmitted to MOFCOM at least once',
      value: formatCount(summary.transmittedAtLeastOnce),
    },
    {
      key: 'lastBatchAt',
      title: 'Last batch dispatched',
      value: summary.lastBatchAt ? formatInstant(summary.lastBatchAt) : 'None yet',
    },
  ];
}

export function SummaryFigures({ summary }: { summary: ReportSummary }) {
  return <KeyFigures label="Summary figures" figures={summaryFigures(summary)} columns={4} />;
}

export function TimelineChart({ timeline }: { timeline: Timeline }) {
  const rows = timeline.rows;
  return (
    <Chart
      id="timeline-chart"
      caption="Licences submitted and decided each month, and those pending at the end of the month"
      categoryLabel="Month"
      categories={rows.map((r) => formatMonth(r.period))}
      series={[
        { name: 'Submitted', values: rows.map((r) => r.submitted) },
        { name: 'Decided', values: rows.map((r) => r.decided) },
        { name: 'Pending at the end', values: rows.map((r) => r.pendingAtEnd), type: 'line' },
      ]}
    />
  );
}

const DIMENSION = {
  sector: { title: 'sector', header: 'Sector', label: sectorLabel },
  memberState: { title: 'member state', header: 'Member state', label: memberStateLabel },
  element: { title: 'element', header: 'Element', label: elementLabel },
} as const;

export type ChartedDimension = keyof typeof DIMENSION;

/** Licences by status in each value of a dimension, stacked; a licence with three elements counts under each. */
export function BreakdownChart({ breakdown, by }: { breakdown: Breakdown; by: ChartedDimension }) {
  const dimension = DIMENSION[by];
  const rows = breakdown.rows.filter((r) => r.total > 0);
  return (
    <Chart
      id={`breakdown-${by}`}
      caption={`Licences by ${dimension.title} and status`}
      categoryLabel={dimension.header}
      categories={rows.map((r) => dimension.label(r.key))}
      orientation="horizontal"
      width={600}
      series={(['pending', 'processing', 'granted', 'refused'] as const).map((status) => ({
        name: statusLabel(status),
        values: rows.map((r) => r.byStatus[status]),
        stack: 'status',
      }))}
    />
  );
}

const exporterColumns: Column<ExporterRow>[] = [
  { key: 'exporter', header: 'Exporter', rowHeader: true, cell: (r) => r.exporter },
  { key: 'creditCode', header: 'Credit code', cell: (r) => r.creditCode ?? '–' },
  { key: 'licences', header: 'Licences', numeric: true, cell: (r) => formatCount(r.licences) },
  { key: 'pending', header: 'Not decided', numeric: true, cell: (r) => formatCount(r.pending) },
  { key: 'granted', header: 'Granted', numeric: true, cell: (r) => formatCount(r.granted) },
  { key: 'refused', header: 'Refused', numeric: true, cell: (r) => formatCount(r.refused) },
  { key: 'approvalRate', header: 'Approval rate', numeric: true, cell: (r) => formatRate(r.approvalRate) },
  {
    key: 'median',
    header: 'Median days to decision',
    numeric: true,
    cell: (r) => formatDays(r.medianDaysToDecision),
  },
  { key: 'general', header: 'General licences', numeric: true, cell: (r) => formatCount(r.generalLicences) },
];

export function ExporterTable({ rows }: { rows: ExporterRow[] }) {
  return (
    <Table
      caption="Chinese exporters, most licences first"
      captionHidden
      columns={exporterColumns}
      rows={rows}
      rowKey={(r) => `${r.exporter}|${r.creditCode ?? ''}`}
      empty="No exporter matches these filters."
    />
  );
}

const searchHref = (licenceNumber: string) => hrefWith('/commission/licences', { q: licenceNumber });

const staleColumns: Column<StaleLicence>[] = [
  {
    key: 'licenceNumber',
    header: 'Licence number',
    rowHeader: true,
    cell: (l) => (
      <a class="ecl-link ecl-link--standalone" href={searchHref(l.licenceNumber)}>
        {l.licenceNumber}
      </a>
    ),
  },
  { key: 'company', header: 'Company', cell: (l) => l.companyName ?? 'Not known yet' },
  { key: 'memberState', header: 'Member state', cell: (l) => memberStateLabel(l.memberState) },
  { key: 'exporter', header: 'Exporter', cell: (l) => l.exporter },
  {
    key: 'status',
    header: 'Status',
    cell: (l) => (
      <>
        <StatusTag status={l.status} /> {l.urgent && <UrgentTag />}
      </>
    ),
  },
  {
    key: 'days',
    header: 'Days without change',
    numeric: true,
    cell: (l) => formatCount(l.daysSinceStatusChange),
  },
  {
    key: 'transmissions',
    header: 'Transmissions',
    numeric: true,
    cell: (l) => formatCount(l.transmissionCount),
  },
  { key: 'lastTransmittedAt', header: 'Last transmitted', cell: (l) => formatInstant(l.lastTransmittedAt) },
];

export function StaleTable({ rows, days }: { rows: StaleLicence[]; days: number }) {
  return (
    <Table
      caption={`Licences transmitted to MOFCOM whose status has not changed for ${days} days, oldest change first`}
      captionHidden
      columns={staleColumns}
      rows={rows}
      rowKey={(l) => l.licenceId}
      empty="No stale licence: every transmitted licence has moved recently."
    />
  );
}

const urgentColumns: Column<Licence>[] = [
  {
    key: 'licenceNumber',
    header: 'Licence number',
    rowHeader: true,
    cell: (l) => (
      <a class="ecl-link ecl-link--standalone" href={searchHref(l.licenceNumber)}>
        {l.licenceNumber}
      </a>
    ),
  },
  { key: 'exporter', header: 'Exporter', cell: (l) => l.exporter.name },
  { key: 'sector', header: 'Sector', cell: (l) => sectorLabel(l.sector) },
  { key: 'type', header: 'Type', cell: (l) => licenceTypeLabel(l.licenceType) },
  { key: 'applicationDate', header: 'Filed with MOFCOM', cell: (l) => formatDate(l.applicationDate) },
  { key: 'submittedAt', header: 'Registered', cell: (l) => formatInstant(l.submittedAt) },
  {
    key: 'transmissions',
    header: 'Transmissions',
    numeric: true,
    cell: (l) => formatCount(l.transmissions.count),
  },
];

export function UrgentTable({ rows }: { rows: Licence[] }) {
  return (
    <Table
      caption="Urgent licences still pending, newest first"
      captionHidden
      columns={urgentColumns}
      rows={rows}
      rowKey={(l) => l.id}
      empty="No urgent licence is pending."
    />
  );
}
