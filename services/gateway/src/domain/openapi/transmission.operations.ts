import {
  ZBatchFileQuery,
  ZBatchItemsQuery,
  ZBatchListQuery,
  ZDiscrepancyListQuery,
  ZFeedbackListQuery,
} from '@lmp/contracts';
import { XLSX } from './media-types';
import type { OperationSpec } from './operation-spec';

const FEEDBACK_FILES = {
  'text/csv': 'CSV with the header licence_number,status,date',
  [XLSX]: 'XLSX workbook with the header licence_number,status,date',
};

// prettier-ignore
export const TRANSMISSION_OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/transmissions/schedule', tag: 'Transmissions', commissionOnly: true, summary: 'The fortnightly MOFCOM schedule: anchor, time in Brussels, next and last run', ok: [200, 'TransmissionSchedule'] },
  { method: 'get', path: '/transmissions/batches', tag: 'Transmissions', commissionOnly: true, summary: 'Batches to MOFCOM, newest first', query: ZBatchListQuery, ok: [200, 'BatchList'] },
  { method: 'post', path: '/transmissions/batches', tag: 'Transmissions', commissionOnly: true, summary: 'Build a draft batch now (urgentOnly: urgent licences not sent in 7 days)', body: 'BatchRequest', ok: [201, 'Batch'] },
  { method: 'get', path: '/transmissions/batches/{id}', tag: 'Transmissions', commissionOnly: true, summary: 'One batch', ok: [200, 'Batch'] },
  { method: 'get', path: '/transmissions/batches/{id}/items', tag: 'Transmissions', commissionOnly: true, summary: 'The licences in a batch, for review, in file order', query: ZBatchItemsQuery, ok: [200, 'BatchItemPage'] },
  { method: 'get', path: '/transmissions/batches/{id}/file', tag: 'Transmissions', commissionOnly: true, summary: 'The batch file: exactly licence_number,submission_date (CSV, or XLSX with ?format=xlsx)', query: ZBatchFileQuery, ok: [200, { media: ['text/csv', XLSX] }] },
  { method: 'post', path: '/transmissions/batches/{id}/items/{licenceId}/exclude', tag: 'Transmissions', commissionOnly: true, summary: 'Leave one licence out of a draft, with a reason', body: 'BatchExclusion', ok: [200, 'BatchItem'], errors: [409] },
  { method: 'post', path: '/transmissions/batches/{id}/dispatch', tag: 'Transmissions', commissionOnly: true, summary: "Send the batch to MOFCOM's address (202: sent in the background with retries; the batch shows dispatching, then dispatched or failed)", ok: [202, 'Batch'], errors: [409] },
  { method: 'post', path: '/transmissions/batches/{id}/cancel', tag: 'Transmissions', commissionOnly: true, summary: 'Drop a draft', ok: [200, 'Batch'], errors: [409] },
  { method: 'post', path: '/transmissions/feedback', tag: 'Transmissions', commissionOnly: true, summary: 'Information from Chinese authorities: JSON rows, or the raw file as text/csv or XLSX with the header licence_number,status,date; a report per row (matched, unmatched, invalid, unchanged)', body: { json: 'FeedbackRows', files: FEEDBACK_FILES }, ok: [200, 'FeedbackSubmission'] },
  { method: 'get', path: '/transmissions/feedback', tag: 'Transmissions', commissionOnly: true, summary: 'Feedback received, newest first, with its per-row outcome', query: ZFeedbackListQuery, ok: [200, 'FeedbackList'] },
  { method: 'get', path: '/transmissions/discrepancies', tag: 'Transmissions', commissionOnly: true, summary: 'Where the company corrected what MOFCOM reported (MOFCOM said X on date D, the company says Y), newest first', query: ZDiscrepancyListQuery, ok: [200, 'DiscrepancyList'] },
];
