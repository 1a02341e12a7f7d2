import {
  CUSTOMS_STATUSES,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  SECTORS,
  type Licence,
} from '@lmp/contracts';
import { LinkButton } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount, formatDate } from '../../components/format';
import { Select, TextField } from '../../components/form-fields';
import { customsStatusLabel, licenceTypeLabel, optionsOf, sectorLabel, statusLabel } from '../../components/labels';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { Pagination } from '../../components/pagination';
import { StatusTag, UrgentTag } from '../../components/status-tag';
import { Table, type Column } from '../../components/table';
import { fieldErrorsOf, render, type FieldErrors, type PageContext, type PageResult } from '../../app/page';

export interface LicencePage {
  items: Licence[];
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}

/** The list's filters, as the query string carries them and the API takes them. */
export const FILTERS = ['sector', 'status', 'customsStatus', 'licenceType', 'urgent', 'reviewRequired', 'q', 'sort'] as const;
const DEFAULT_SORT = '-submittedAt';

const FILTER_LABELS: Record<string, string> = {
  sector: 'Sector',
  status: 'Status',
  customsStatus: 'Customs status',
  licenceType: 'Type',
  urgent: 'Urgent',
  reviewRequired: 'To check',
  q: 'Search',
  sort: 'Sort',
};

type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The list URL with these filters (empty ones dropped), and a cursor when paging. */
export function listHref(filters: Filters, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = filters[key];
    if (value && !(key === 'sort' && value === DEFAULT_SORT)) params.set(key, value);
  }
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `/licences?${query}` : '/licences';
}

const columns: Column<Licence>[] = [
  {
    key: 'licenceNumber',
    header: 'Licence number',
    rowHeader: true,
    cell: (l) => (
      <a class="ecl-link ecl-link--standalone" href={`/licences/${l.id}`}>
        {l.licenceNumber}
      </a>
    ),
  },
  { key: 'exporter', header: 'Exporter', cell: (l) => l.exporter.name },
  { key: 'sector', header: 'Sector', cell: (l) => sectorLabel(l.sector) },
  {
    key: 'status',
    header: 'Status',
    cell: (l) => (
      <>
        <StatusTag status={l.status} /> {l.urgent && <UrgentTag />}{' '}
        {l.reviewRequired && <span class="ecl-label ecl-label--low lmp-status">To check</span>}
      </>
    ),
  },
  { key: 'customsStatus', header: 'Customs', cell: (l) => <StatusTag status={l.customsStatus} kind="customs" /> },
  {
    key: 'applicationDate',
    header: 'Filed with MOFCOM',
    cell: (l) => formatDate(l.applicationDate),
    sort: { ascending: 'applicationDate' },
  },
  {
    key: 'submittedAt',
    header: 'Registered',
    cell: (l) => formatDate(l.submittedAt),
    sort: { ascending: 'submittedAt', descending: '-submittedAt' },
  },
  {
    key: 'transmissions',
    header: 'Transmitted',
    numeric: true,
    cell: (l) => formatCount(l.transmissions?.count ?? 0),
  },
];

/** GET /licences: the company's licences with the filters of the Commission's user guide. */
export async function licencesListPage(ctx: PageContext): Promise<PageResult> {
  const filters: Filters = {};
  for (const key of FILTERS) if (ctx.query[key]) filters[key] = ctx.query[key]!.trim();
  const answer = await ctx.api.get<LicencePage>('/licences', {
    query: { ...filters, cursor: ctx.query.cursor, limit: 50 },
  });
  const header = (
    <PageHeader
      title="Licences"
      description="Your company's licence requests, as your colleagues and you registered them."
      actions={
        <>
          <LinkButton href="/licences/new" variant="primary" icon="plus">
            Register a licence
          </LinkButton>
          <LinkButton href="/licences/import">Import a file</LinkButton>
          <LinkButton href="/confirmations">Confirmation requests</LinkButton>
          <LinkButton href="/claims">Claims</LinkButton>
        </>
      }
    />
  );
  if (answer.kind === 'unavailable') {
    return render('Licences', <>{header}<UnavailableNotice what="The licences" retryAfter={answer.retryAfter} /></>, {
      active: 'licences',
      status: 503,
    });
  }
  if (answer.kind === 'problem' && answer.status === 403) {
    // No company yet: the API refuses; the welcome page says what to do.
    return { kind: 'redirect', location: '/', status: 303 };
  }
  const errors: FieldErrors = answer.kind === 'problem' ? fieldErrorsOf(answer.problem) : {};
  const page: LicencePage =
    answer.kind === 'ok' ? answer.data : { items: [], nextCursor: null, total: 0, totalExact: true };
  const filtered = FILTERS.some((key) => key !== 'sort' && filters[key]);
  return render(
    'Licences',
    <>
      {header}
      <ErrorSummary
        errors={errors}
        labels={FILTER_LABELS}
        detail={answer.kind === 'problem' && Object.keys(errors).length === 0 ? answer.problem.title : undefined}
      />
      <FilterForm filters={filters} errors={errors} />
      <Table
        caption={filtered ? 'Licences matching the filters' : 'All licences of your company'}
        columns={columns}
        rows={page.items}
        rowKey={(l) => l.id}
        sort={{ current: filters.sort ?? DEFAULT_SORT, href: (sort) => listHref({ ...filters, sort }) }}
        empty={filtered ? 'No licence matches these filters.' : 'Your company has not registered any licence yet.'}
      />
      <Pagination
        nextHref={page.nextCursor ? listHref(filters, page.nextCursor) : null}
        previousHref={ctx.query.cursor ? listHref(filters) : null}
        summary={`${page.totalExact ? '' : 'About '}${formatCount(page.total)} ${page.total === 1 ? 'licence' : 'licences'}${filtered ? ' match' : ''}`}
      />
    </>,
    { active: 'licences', status: answer.kind === 'problem' ? 422 : 200 },
  );
}

function FilterForm({ filters, errors }: { filters: Filters; errors: FieldErrors }) {
  return (
    <form method="get" action="/licences" class="lmp-filters" role="search" aria-label="Filter the licences">
      <div class="lmp-filters__fields">
        <TextField
          name="q"
          type="search"
          label="Search"
          hint="Licence number or exporter"
          value={filters.q}
          error={errors.q}
          width="m"
        />
        <Select name="sector" label="Sector" placeholder="All sectors" options={optionsOf(SECTORS, sectorLabel)} value={filters.sector} error={errors.sector} width="s" />
        <Select name="status" label="Status" placeholder="All statuses" options={optionsOf(LICENCE_STATUSES, statusLabel)} value={filters.status} error={errors.status} width="s" />
        <Select
          name="customsStatus"
          label="Customs status"
          placeholder="All customs statuses"
          options={optionsOf(CUSTOMS_STATUSES, customsStatusLabel)}
          value={filters.customsStatus}
          error={errors.customsStatus}
          width="s"
        />
        <Select name="licenceType" label="Type" placeholder="All types" options={optionsOf(LICENCE_TYPES, licenceTypeLabel)} value={filters.licenceType} error={errors.licenceType} width="s" />
        <Select
          name="urgent"
          label="Urgent"
          placeholder="Urgent or not"
          options={[
            { value: 'true', label: 'Urgent only' },
            { value: 'false', label: 'Not urgent' },
          ]}
          value={filters.urgent}
          error={errors.urgent}
          width="s"
        />
        <Select
          name="reviewRequired"
          label="To check"
          placeholder="Checked or not"
          options={[
            { value: 'true', label: 'Migrated, to check' },
            { value: 'false', label: 'Checked' },
          ]}
          value={filters.reviewRequired}
          error={errors.reviewRequired}
          width="s"
        />
        {filters.sort && <input type="hidden" name="sort" value={filters.sort} />}
      </div>
      <div class="lmp-filters__actions">
        <button type="submit" class="ecl-button ecl-button--primary">
          Apply filters
        </button>
        <a class="ecl-link ecl-link--standalone" href="/licences">
          Clear filters
        </a>
      </div>
    </form>
  );
}
