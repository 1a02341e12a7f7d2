import type { ComponentChildren } from 'preact';
import { ErrorSummary } from '../../components/error-summary';
import { formatCount } from '../../components/format';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import type { ApiResult } from '../../app/api-client';
import { fieldErrorsOf, render, type FieldErrors, type PageContext, type PageResult } from '../../app/page';
import {
  BreakdownChart,
  ExporterTable,
  StaleTable,
  SummaryFigures,
  TimelineChart,
  UrgentTable,
  type ChartedDimension,
} from './dashboard-sections';
import { hrefWith } from './hrefs';
import { licenceQueryOf, readReportFilters, REPORT_FILTER_LABELS, ReportFilterForm } from './report-filters';
import type {
  Breakdown,
  ExporterReport,
  LicencePage,
  ReportSummary,
  StaleReport,
  Timeline,
} from './report-types';

const EXPORTERS_SHOWN = 25;
const LIST_LIMIT = 20;

/**
 * The Commission's dashboard (GET /commission): every report with the same filters, fetched at
 * once. Each part stands alone: a service that answers 503 greys out its parts only, and filters
 * the API refuses (422) come back next to their fields.
 */
export async function dashboardPage(ctx: PageContext): Promise<PageResult> {
  const filters = readReportFilters(ctx.query);
  const query = { ...filters };
  const [summary, timeline, bySector, byMemberState, byElement, exporters, stale, urgent] = await Promise.all(
    [
      ctx.api.get<ReportSummary>('/reports/summary', { query }),
      ctx.api.get<Timeline>('/reports/timeline', { query: { ...query, interval: 'month' } }),
      ctx.api.get<Breakdown>('/reports/breakdown', { query: { ...query, by: 'sector' } }),
      ctx.api.get<Breakdown>('/reports/breakdown', { query: { ...query, by: 'memberState' } }),
      ctx.api.get<Breakdown>('/reports/breakdown', { query: { ...query, by: 'element' } }),
      ctx.api.get<ExporterReport>('/reports/exporters', { query: { ...query, limit: EXPORTERS_SHOWN } }),
      ctx.api.get<StaleReport>('/reports/stale', { query: { ...query, limit: LIST_LIMIT } }),
      ctx.api.get<LicencePage>('/licences', {
        query: { ...licenceQueryOf(filters), urgent: 'true', status: 'pending', limit: LIST_LIMIT },
      }),
    ],
  );
  // The reports share one validation, so the summary's refusal names every bad filter.
  const errors: FieldErrors = summary.kind === 'problem' ? fieldErrorsOf(summary.problem) : {};
  const refused = summary.kind === 'problem';
  const breakdowns: [ChartedDimension, ApiResult<Breakdown>][] = [
    ['sector', bySector],
    ['memberState', byMemberState],
    ['element', byElement],
  ];
  const filtered = Object.keys(filters).length > 0;
  return render(
    'Dashboard',
    <>
      <PageHeader
        meta="European Commission"
        title="Dashboard"
        description={
          filtered
            ? 'Figures of the licences that match the filters below.'
            : 'Figures of every licence registered on the platform.'
        }
      />
      <ErrorSummary
        errors={errors}
        labels={REPORT_FILTER_LABELS}
        detail={
          refused && Object.keys(errors).length === 0
            ? (summary.problem.detail ?? summary.problem.title)
            : undefined
        }
        title="The filters could not be applied"
      />
      <ReportFilterForm action="/commission" filters={filters} errors={errors} />
      {!refused && (
        <>
          <Section id="summary" title="Summary">
            {summary.kind === 'ok' ? (
              <SummaryFigures summary={summary.data} />
            ) : (
              <Unavailable result={summary} what="The summary figures" />
            )}
          </Section>
          <Section id="timeline" title="Submissions and decisions over time">
            {timeline.kind === 'ok' ? (
              <TimelineChart timeline={timeline.data} />
            ) : (
              <Unavailable result={timeline} what="The timeline" />
            )}
          </Section>
          <Section id="breakdowns" title="Breakdowns">
            <div class="lmp-grid-2">
              {breakdowns.map(([by, result]) =>
                result.kind === 'ok' ? (
                  <BreakdownChart breakdown={result.data} by={by} />
                ) : (
                  <Unavailable result={result} what="This breakdown" />
                ),
              )}
            </div>
          </Section>
          <Section id="exporters" title="Chinese exporters">
            {exporters.kind === 'ok' ? (
              <>
                <p class="lmp-text">
                  The {EXPORTERS_SHOWN} exporters with the most licences; the exports page has them all.
                </p>
                <ExporterTable rows={exporters.data.items} />
              </>
            ) : (
              <Unavailable result={exporters} what="The exporter table" />
            )}
          </Section>
          <Section id="stale-licences" title="Stale licences">
            {stale.kind === 'ok' ? (
              <>
                <p class="lmp-text">
                  {formatCount(stale.data.total)} transmitted licences have had no status change for{' '}
                  {stale.data.days} days
                  {stale.data.total > stale.data.items.length
                    ? `; the ${stale.data.items.length} oldest are listed.`
                    : '.'}
                </p>
                <StaleTable rows={stale.data.items} days={stale.data.days} />
              </>
            ) : (
              <Unavailable result={stale} what="The stale licences" />
            )}
          </Section>
          <Section id="urgent-licences" title="Urgent licences still pending">
            {urgent.kind === 'ok' ? (
              <>
                <p class="lmp-text">
                  {formatCount(urgent.data.total)} urgent licences are pending
                  {filters.memberState || filters.element || filters.sme
                    ? ' (member state, element and SME filters do not apply to this list)'
                    : ''}
                  .{' '}
                  <a
                    class="ecl-link"
                    href={hrefWith('/commission/licences', { urgent: 'true', status: 'pending' })}
                  >
                    See them all
                  </a>
                </p>
                <UrgentTable rows={urgent.data.items} />
              </>
            ) : (
              <Unavailable result={urgent} what="The urgent licences" />
            )}
          </Section>
        </>
      )}
    </>,
    { active: 'dashboard', status: refused ? summary.status : 200 },
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="lmp-section" id={id} aria-labelledby={`${id}-heading`}>
      <h2 class="lmp-heading" id={`${id}-heading`}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A part whose service is down (503), or refused the request for another reason. */
function Unavailable({ result, what }: { result: ApiResult<unknown>; what: string }) {
  if (result.kind === 'unavailable') return <UnavailableNotice what={what} retryAfter={result.retryAfter} />;
  if (result.kind === 'problem')
    return (
      <p class="lmp-text">{`${what} could not be shown: ${result.problem.detail ?? result.problem.title}`}</p>
    );
  return null;
}
