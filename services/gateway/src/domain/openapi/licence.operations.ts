import { ZClaimListQuery, ZLicenceListQuery } from '@lmp/contracts';
import { SPREADSHEET_FILES } from './media-types';
import type { OperationSpec } from './operation-spec';

// prettier-ignore
export const LICENCE_OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/licences', tag: 'Licences', summary: "The company's licences (Commission: all); reviewRequired=true lists the migrated licences still to check", query: ZLicenceListQuery, ok: [200, 'LicencePage'] },
  { method: 'post', path: '/licences', tag: 'Licences', summary: 'Register a licence', body: 'LicenceInput', ok: [201, 'Licence'], okHeaders: ['Location', 'ETag'], idempotencyKey: true, errors: [409] },
  { method: 'get', path: '/licences/{id}', tag: 'Licences', summary: 'One licence with transmissions, open confirmations and a history summary', ok: [200, 'LicenceDetail'], okHeaders: ['ETag'] },
  { method: 'patch', path: '/licences/{id}', tag: 'Licences', summary: 'Change a licence (If-Match with its ETag)', body: 'LicencePatch', ok: [200, 'Licence'], okHeaders: ['ETag'], ifMatch: 'required' },
  { method: 'get', path: '/licences/{id}/history', tag: 'Licences', summary: 'Who changed what and when, oldest first', ok: [200, 'History'] },
  { method: 'post', path: '/licences/{id}/review', tag: 'Licences', summary: 'Confirm that a migrated licence is correct as displayed: clears its "check this migrated licence" flag (reviewRequired); a licence that needs no check is answered unchanged', description: 'Operators of the licence\'s company; no body, or {}. Send the ETag the licence was displayed with as If-Match: 412 when it changed since.', body: { json: 'ReviewInput', required: false }, ok: [200, 'Licence'], okHeaders: ['ETag'], ifMatch: 'optional' },
  { method: 'post', path: '/licences/import', tag: 'Licences', summary: 'Import licences from CSV or XLSX (?dryRun=true checks only)', body: { files: SPREADSHEET_FILES }, ok: [200, 'ImportReport'], idempotencyKey: true },
  { method: 'get', path: '/licences/claims', tag: 'Claims', summary: 'Claims on licence numbers: the claimant\'s company sees its own (never the holder); the Commission sees all; open first, then newest first', query: ZClaimListQuery, ok: [200, 'ClaimList'], errors: [403, 422] },
  { method: 'post', path: '/licences/claims', tag: 'Claims', summary: 'Claim a number refused as already registered by another company', description: '422 when no licence has this number (register it instead); 409 when the company holds it already or has an open claim on it.', body: 'ClaimInput', ok: [201, 'Claim'], okHeaders: ['Location'], errors: [409] },
  { method: 'get', path: '/licences/claims/{id}', tag: 'Claims', summary: "One claim (another company's is a 404)", ok: [200, 'ClaimView'], errors: [403] },
  { method: 'post', path: '/licences/claims/{id}/decision', tag: 'Claims', commissionOnly: true, summary: "Transfer the licence to the claimant's company (with its history, transmissions and confirmations) or reject the claim", description: '409 when the claim was decided already, or (transfer) the licence is no longer with the company the claim was filed against.', body: 'ClaimDecisionInput', ok: [200, 'CommissionClaim'], errors: [409] },
  { method: 'get', path: '/confirmations', tag: 'Confirmations', summary: 'Open requests to confirm information from Chinese authorities', ok: [200, 'ConfirmationList'] },
  { method: 'post', path: '/confirmations/{id}', tag: 'Confirmations', summary: 'Confirm or correct', body: 'ConfirmationDecision', ok: [200, 'Licence'], okHeaders: ['ETag'] },
];
