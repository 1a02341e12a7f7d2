import {
  ZBreakdownQuery,
  ZDiscrepancyReportQuery,
  ZExportersQuery,
  ZReportExportQuery,
  ZReportFilterQuery,
  ZShareableQuery,
  ZStaleQuery,
  ZTimelineQuery,
} from '@lmp/contracts';
import { XLSX } from './media-types';
import type { OperationSpec } from './operation-spec';

// prettier-ignore
export const REPORT_OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/reports/summary', tag: 'Reports', commissionOnly: true, summary: 'Backlog, approval rate, time to decision; general and individual licences also apart (byLicenceType)', query: ZReportFilterQuery, ok: [200, 'ReportSummary'] },
  { method: 'get', path: '/reports/breakdown', tag: 'Reports', commissionOnly: true, summary: 'The same figures by sector, member state, SME, element (a licence counts once under each of its elements), exporter, licence type, product type or customs status (?by=)', query: ZBreakdownQuery, ok: [200, 'Breakdown'] },
  { method: 'get', path: '/reports/timeline', tag: 'Reports', commissionOnly: true, summary: 'Per week or month: submitted, decided, granted, refused, open at the end (?interval=)', query: ZTimelineQuery, ok: [200, 'Timeline'] },
  { method: 'get', path: '/reports/exporters', tag: 'Reports', commissionOnly: true, summary: 'The Chinese exporters: licences, pending, approval rate, median delay, general licences', query: ZExportersQuery, ok: [200, 'ExporterReport'] },
  { method: 'get', path: '/reports/stale', tag: 'Reports', commissionOnly: true, summary: 'Open licences transmitted at least once whose status has not changed for ?days= (default 14)', query: ZStaleQuery, ok: [200, 'StaleReport'] },
  { method: 'get', path: '/reports/discrepancies', tag: 'Reports', commissionOnly: true, summary: 'Licences whose company contradicted what Chinese authorities reported', query: ZDiscrepancyReportQuery, ok: [200, 'DiscrepancyReport'] },
  { method: 'get', path: '/reports/shareable', tag: 'Reports', commissionOnly: true, summary: 'Aggregates fit to share outside the Commission: no identities; every count under 5 suppressed (null, suppressed: true), plus a second part where one alone could be recomputed from the total', query: ZShareableQuery, ok: [200, 'ShareableReport'] },
  { method: 'get', path: '/reports/export', tag: 'Reports', commissionOnly: true, summary: 'All licences with company data, streamed (?format=csv or xlsx); formula-injection safe', query: ZReportExportQuery, ok: [200, { media: ['text/csv', XLSX] }] },
];
