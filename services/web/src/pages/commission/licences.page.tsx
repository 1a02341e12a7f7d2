import {
  CUSTOMS_STATUSES,
  LICENCE_SORTS,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  SECTORS,
  type Licence,
} from '@lmp/contracts';
import { Button, LinkButton } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatDate, formatInstantDay } from '../../components/format';
import { Select, TextField } from '../../components/form-fields';
import {
  customsStatusLabel,
  licenceTypeLabel,
  optionsOf,
  sectorLabel,
  statusLabel,
} from '../../components/labels';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { StatusTag, UrgentTag } from '../../components/status-tag';
import { Table, type Column } from '../../components/table';
import { fieldErrorsOf, render, type FieldErrors, type PageContext, type PageResult } from '../../app/page';
import { hrefWith, pick } from './hrefs';
import type { LicencePage } from './report-types';

const PATH = '/commission/licences';
/** The same filters as the operators' list (GET /licences), over every company's licences. */
const FILTERS = ['status', 'customsStatus', 'sector', 'licenceType', 'urgent', 'q', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const DEFAULT_SORT = '-submittedAt';

const LABELS: Record<string, string> = {
  status: 'Status',
  customsStatus: 'Customs status',
  sector: 'Sector',
  licenceType: 'Type',
  urgent: 'Urgent',
  q: 'Licence number or exporter',
  sort: 'Sort',
};

const SORT_LABELS: Record<(typeof LICENCE_SORTS)[number], string> = {
  '-submittedAt': 'Newest registered first',
  submittedAt: 'Oldest registered first',
  applicationDate: 'Filed with MOFCOM, oldest first',
  '-updatedAt': 'Recently changed first',
};

const listHref = (filters: Filters, cursor?: string | null) =>
  hrefWith(PATH, { ...filters, sort: filters.sort === DEFAULT_SORT ? undefined : filters.sort, cursor });

const columns: Column<Licence>[] = [
  { key: 'licenceNumber', header: 'Licence number', rowHeader: true, cell: (l) => l.licenceNumber },
  { key: 'exporter', header: 'Exporter', cell: (l) => l.exporter.name },
  { key: 'sector', header: 'Sector', cell: (l) => sectorLabel(l.sector) },
  { key: 'type', header: 'Type', cell: (l) => licenceTypeLabel(l.licenceType) },
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
    key: 'customsStatus',
    header: 'Customs',
    cell: (l) => <StatusTag status={l.customsStatus} kind="customs" />,
  },
  {
    key: 'applicationDate',
    header: 'Filed with MOFCOM',
    cell: (l) => formatDate(l.applicationDate),
    sort: { ascending: 'applicationDate' },
  },
  {
    key: 'submittedAt',
    header: 'Registered',
    cell: (l) => formatInstantDay(l.submittedAt),
    sort: { ascending: 'submittedAt', descending: '-submittedAt' },
  },
  {
    key: 'transmissions',
    header: 'Transmissions',
    numeric: true,
    cell: (l) => formatCount(l.transmissions.count),
  },
];

/** GET /commission/licences: every company's licences, filtered, sorted and paged like the operators' list. */
export async function commissionLicencesPage(ctx: PageContext): Promise<PageResult> {
  const filters: Filters = pick(ctx.query, FILTERS);
  const cursor = ctx.query.cursor;
  const answer = await ctx.api.get<LicencePage>('/licences', { query: { ...filters, cursor, limit: 50 } });
  const errors: FieldErrors = answer.kind === 'problem' ? fieldErrorsOf(answer.problem) : {};
  return render(
    'All licences',
    <>
      <PageHeader
        meta="European Commission"
        title="All licences"
        description="Every licence registered by EU companies."
      />
      <ErrorSummary errors={errors} labels={LABELS} title="The filters could not be applied" />
      <form method="get" action={PATH} class="lmp-filters" aria-label="Filters">
        <div class="lmp-filters__fields">
          <TextField name="q" label={LABELS.q!} value={filters.q} error={errors.q} type="search" />
          <Select
            name="status"
            label="Status"
            placeholder="All statuses"
            value={filters.status}
            options={optionsOf(LICENCE_STATUSES, statusLabel)}
            error={errors.status}
          />
          <Select
            name="customsStatus"
            label="Customs status"
            placeholder="All customs statuses"
            value={filters.customsStatus}
            options={optionsOf(CUSTOMS_STATUSES, customsStatusLabel)}
            error={errors.customsStatus}
          />
          <Select
            name="sector"
            label="Sector"
            placeholder="All sectors"
            value={filters.sector}
            options={optionsOf(SECTORS, sectorLabel)}
            error={errors.sector}
          />
          <Select
            name="licenceType"
            label="Type"
            placeholder="Both types"
            value={filters.licenceType}
            options={optionsOf(LICENCE_TYPES, licenceTypeLabel)}
            error={errors.licenceType}
          />
          <Select
            name="urgent"
            label="Urgent"
            placeholder="Urgent or not"
            value={filters.urgent}
            options={[
              { value: 'true', label: 'Urgent only' },
              { value: 'false', label: 'Not urgent' },
            ]}
            error={errors.urgent}
          />
          <Select
            name="sort"
            label="Sort"
            value={filters.sort ?? DEFAULT_SORT}
            options={LICENCE_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
            error={errors.sort}
          />
        </div>
        <div class="lmp-filters__actions">
          <Button>Apply filters</Button>
          <LinkButton href={PATH} variant="ghost">
            Clear the filters
          </LinkButton>
        </div>
      </form>
      {answer.kind === 'unavailable' && (
        <UnavailableNotice what="The licences" retryAfter={answer.retryAfter} />
      )}
      {answer.kind === 'ok' && (
        <>
          <Table
            caption={`Licences: ${answer.data.totalExact ? '' : 'about '}${formatCount(answer.data.total)} match`}
            columns={columns}
            rows={answer.data.items}
            rowKey={(l) => l.id}
            sort={{ current: filters.sort ?? DEFAULT_SORT, href: (sort) => listHref({ ...filters, sort }) }}
            empty="No licence matches these filters."
          />
          <Pagination
            previousHref={cursor ? listHref(filters) : null}
            previousLabel="First page"
            nextHref={answer.data.nextCursor ? listHref(filters, answer.data.nextCursor) : null}
            summary={`${formatCount(answer.data.items.length)} shown of ${answer.data.totalExact ? '' : 'about '}${formatCount(answer.data.total)}`}
          />
        </>
      )}
    </>,
    { active: 'licences', status: answer.kind === 'problem' ? answer.status : 200 },
  );
}
