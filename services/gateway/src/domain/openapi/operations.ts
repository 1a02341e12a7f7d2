import {
  ZBreakdown,
  ZBreakdownQuery,
  ZDiscrepancyReport,
  ZDiscrepancyReportQuery,
  ZExporterReport,
  ZExportersQuery,
  ZReportExportQuery,
  ZReportFilterQuery,
  ZReportSummary,
  ZShareableQuery,
  ZShareableReport,
  ZStaleQuery,
  ZStaleReport,
  ZTimeline,
  ZTimelineQuery,
  ZBatch,
  ZDiscrepancyList,
  ZDiscrepancyListQuery,
  ZFeedbackList,
  ZFeedbackListQuery,
  ZFeedbackRows,
  ZFeedbackSubmission,
  ZBatchExclusion,
  ZBatchFileQuery,
  ZBatchItem,
  ZBatchItemPage,
  ZBatchItemsQuery,
  ZBatchList,
  ZBatchListQuery,
  ZBatchRequest,
  ZTransmissionSchedule,
  ZCompany,
  ZCompanyInput,
  ZConfirmationDecision,
  ZConfirmationRequest,
  ZHistoryEntry,
  ZImportReport,
  ZLicence,
  ZLicenceDetail,
  ZLicenceInput,
  ZLicenceListQuery,
  ZLicencePatch,
  ZMe,
} from '@lmp/contracts';
import { z } from 'zod';
import { ZMessage, ZMessageInput, ZThread } from './provisional-schemas';

/** Named request bodies (JSON Schema of what a client may send). */
export const REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  CompanyInput: ZCompanyInput,
  LicenceInput: ZLicenceInput,
  LicencePatch: ZLicencePatch,
  ConfirmationDecision: ZConfirmationDecision,
  MessageInput: ZMessageInput,
  BatchRequest: ZBatchRequest,
  BatchExclusion: ZBatchExclusion,
  FeedbackRows: ZFeedbackRows,
};

/** Named responses (JSON Schema of what the API sends). */
export const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Me: ZMe,
  Company: ZCompany,
  Licence: ZLicence,
  LicenceDetail: ZLicenceDetail,
  LicencePage: z.object({
    items: z.array(ZLicence),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  }),
  HistoryEntry: ZHistoryEntry,
  History: z.array(ZHistoryEntry),
  ConfirmationList: z.object({ items: z.array(ZConfirmationRequest) }),
  ImportReport: ZImportReport,
  ReportSummary: ZReportSummary,
  Breakdown: ZBreakdown,
  Timeline: ZTimeline,
  ExporterReport: ZExporterReport,
  StaleReport: ZStaleReport,
  DiscrepancyReport: ZDiscrepancyReport,
  ShareableReport: ZShareableReport,
  TransmissionSchedule: ZTransmissionSchedule,
  Batch: ZBatch,
  BatchList: ZBatchList,
  BatchItem: ZBatchItem,
  BatchItemPage: ZBatchItemPage,
  FeedbackSubmission: ZFeedbackSubmission,
  FeedbackList: ZFeedbackList,
  DiscrepancyList: ZDiscrepancyList,
  Message: ZMessage,
  MessageList: z.object({ items: z.array(ZMessage) }),
  ThreadList: z.object({ items: z.array(ZThread) }),
};

export interface OperationSpec {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  tag: 'Me' | 'Licences' | 'Confirmations' | 'Messages' | 'Reports' | 'Transmissions';
  commissionOnly?: boolean;
  query?: z.ZodObject;
  /** Request body: a REQUEST_SCHEMAS name, or raw media types for files. */
  body?: string | { media: Record<string, string> };
  /** Success status → RESPONSE_SCHEMAS name, or media type for files. */
  ok: [number, string | { media: string }];
  /** Extra error statuses this operation can answer. */
  errors?: number[];
}

// prettier-ignore
export const OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/me', tag: 'Me', summary: 'The signed-in user, role and company', ok: [200, 'Me'] },
  { method: 'put', path: '/me/company', tag: 'Me', summary: "Create or update the caller's company", body: 'CompanyInput', ok: [200, 'Company'], errors: [409] },
  { method: 'get', path: '/licences', tag: 'Licences', summary: "The company's licences (Commission: all)", query: ZLicenceListQuery, ok: [200, 'LicencePage'] },
  { method: 'post', path: '/licences', tag: 'Licences', summary: 'Register a licence', body: 'LicenceInput', ok: [201, 'Licence'], errors: [409] },
  { method: 'get', path: '/licences/{id}', tag: 'Licences', summary: 'One licence with transmissions, open confirmations and a history summary', ok: [200, 'LicenceDetail'] },
  { method: 'patch', path: '/licences/{id}', tag: 'Licences', summary: 'Change a licence (If-Match with its ETag)', body: 'LicencePatch', ok: [200, 'Licence'], errors: [412, 428] },
  { method: 'get', path: '/licences/{id}/history', tag: 'Licences', summary: 'Who changed what and when, oldest first', ok: [200, 'History'] },
  { method: 'post', path: '/licences/import', tag: 'Licences', summary: 'Import licences from CSV or XLSX (?dryRun=true checks only)', body: { media: { 'text/csv': 'CSV, one licence per row', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX workbook' } }, ok: [200, 'ImportReport'] },
  { method: 'get', path: '/licences/{id}/messages', tag: 'Messages', summary: 'The thread about this licence', ok: [200, 'MessageList'] },
  { method: 'post', path: '/licences/{id}/messages', tag: 'Messages', summary: 'Write in the thread about this licence', body: 'MessageInput', ok: [201, 'Message'] },
  { method: 'get', path: '/confirmations', tag: 'Confirmations', summary: 'Open requests to confirm information from Chinese authorities', ok: [200, 'ConfirmationList'] },
  { method: 'post', path: '/confirmations/{id}', tag: 'Confirmations', summary: 'Confirm or correct', body: 'ConfirmationDecision', ok: [200, 'Licence'] },
  { method: 'get', path: '/reports/summary', tag: 'Reports', commissionOnly: true, summary: 'Backlog, approval rate, time to decision; general and individual licences also apart (byLicenceType)', query: ZReportFilterQuery, ok: [200, 'ReportSummary'] },
  { method: 'get', path: '/reports/breakdown', tag: 'Reports', commissionOnly: true, summary: 'The same figures by sector, member state, SME, element (a licence counts once under each of its elements), exporter, licence type, product type or customs status (?by=)', query: ZBreakdownQuery, ok: [200, 'Breakdown'] },
  { method: 'get', path: '/reports/timeline', tag: 'Reports', commissionOnly: true, summary: 'Per week or month: submitted, decided, granted, refused, open at the end (?interval=)', query: ZTimelineQuery, ok: [200, 'Timeline'] },
  { method: 'get', path: '/reports/exporters', tag: 'Reports', commissionOnly: true, summary: 'The Chinese exporters: licences, pending, approval rate, median delay, general licences', query: ZExportersQuery, ok: [200, 'ExporterReport'] },
  { method: 'get', path: '/reports/stale', tag: 'Reports', commissionOnly: true, summary: 'Open licences transmitted at least once whose status has not changed for ?days= (default 14)', query: ZStaleQuery, ok: [200, 'StaleReport'] },
  { method: 'get', path: '/reports/discrepancies', tag: 'Reports', commissionOnly: true, summary: 'Licences whose company contradicted what Chinese authorities reported', query: ZDiscrepancyReportQuery, ok: [200, 'DiscrepancyReport'] },
  { method: 'get', path: '/reports/shareable', tag: 'Reports', commissionOnly: true, summary: 'Aggregates fit to share outside the Commission: no identities; every count under 5 suppressed (null, suppressed: true), plus a second part where one alone could be recomputed from the total', query: ZShareableQuery, ok: [200, 'ShareableReport'] },
  { method: 'get', path: '/reports/export', tag: 'Reports', commissionOnly: true, summary: 'All licences with company data, streamed (?format=csv or xlsx); formula-injection safe', query: ZReportExportQuery, ok: [200, { media: 'text/csv' }] },
  { method: 'get', path: '/transmissions/schedule', tag: 'Transmissions', commissionOnly: true, summary: 'The fortnightly MOFCOM schedule: anchor, time in Brussels, next and last run', ok: [200, 'TransmissionSchedule'] },
  { method: 'get', path: '/transmissions/batches', tag: 'Transmissions', commissionOnly: true, summary: 'Batches to MOFCOM, newest first', query: ZBatchListQuery, ok: [200, 'BatchList'] },
  { method: 'post', path: '/transmissions/batches', tag: 'Transmissions', commissionOnly: true, summary: 'Build a draft batch now (urgentOnly: urgent licences not sent in 7 days)', body: 'BatchRequest', ok: [201, 'Batch'] },
  { method: 'get', path: '/transmissions/batches/{id}', tag: 'Transmissions', commissionOnly: true, summary: 'One batch', ok: [200, 'Batch'] },
  { method: 'get', path: '/transmissions/batches/{id}/items', tag: 'Transmissions', commissionOnly: true, summary: 'The licences in a batch, for review, in file order', query: ZBatchItemsQuery, ok: [200, 'BatchItemPage'] },
  { method: 'get', path: '/transmissions/batches/{id}/file', tag: 'Transmissions', commissionOnly: true, summary: 'The batch file: exactly licence_number,submission_date (CSV, or XLSX with ?format=xlsx)', query: ZBatchFileQuery, ok: [200, { media: 'text/csv' }] },
  { method: 'post', path: '/transmissions/batches/{id}/items/{licenceId}/exclude', tag: 'Transmissions', commissionOnly: true, summary: 'Leave one licence out of a draft, with a reason', body: 'BatchExclusion', ok: [200, 'BatchItem'], errors: [409] },
  { method: 'post', path: '/transmissions/batches/{id}/dispatch', tag: 'Transmissions', commissionOnly: true, summary: "Send the batch to MOFCOM's address (202: sent in the background with retries; the batch shows dispatching, then dispatched or failed)", ok: [202, 'Batch'], errors: [409] },
  { method: 'post', path: '/transmissions/batches/{id}/cancel', tag: 'Transmissions', commissionOnly: true, summary: 'Drop a draft', ok: [200, 'Batch'], errors: [409] },
  { method: 'post', path: '/transmissions/feedback', tag: 'Transmissions', commissionOnly: true, summary: 'Information from Chinese authorities: JSON rows, or the raw file as text/csv or XLSX with the header licence_number,status,date; a report per row (matched, unmatched, invalid, unchanged)', body: 'FeedbackRows', ok: [200, 'FeedbackSubmission'] },
  { method: 'get', path: '/transmissions/feedback', tag: 'Transmissions', commissionOnly: true, summary: 'Feedback received, newest first, with its per-row outcome', query: ZFeedbackListQuery, ok: [200, 'FeedbackList'] },
  { method: 'get', path: '/transmissions/discrepancies', tag: 'Transmissions', commissionOnly: true, summary: 'Where the company corrected what MOFCOM reported (MOFCOM said X on date D, the company says Y), newest first', query: ZDiscrepancyListQuery, ok: [200, 'DiscrepancyList'] },
  { method: 'get', path: '/messages', tag: 'Messages', commissionOnly: true, summary: 'All threads, newest and unread first', ok: [200, 'ThreadList'] },
];
