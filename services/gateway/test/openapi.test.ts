import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { routeFor } from '../src/domain/route-table';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { call } from './support/http-client';

const run = promisify(execFile);

/** Every method and path of API.md. */
const API_MD = [
  'get /me',
  'put /me/company',
  'get /licences',
  'post /licences',
  'get /licences/{id}',
  'patch /licences/{id}',
  'get /licences/{id}/history',
  'get /licences/{id}/messages',
  'post /licences/{id}/messages',
  'get /confirmations',
  'post /confirmations/{id}',
  'post /licences/import',
  'get /reports/summary',
  'get /reports/breakdown',
  'get /reports/timeline',
  'get /reports/export',
  'get /reports/exporters',
  'get /reports/stale',
  'get /reports/discrepancies',
  'get /reports/shareable',
  'get /transmissions/schedule',
  'get /transmissions/batches',
  'post /transmissions/batches',
  'get /transmissions/batches/{id}',
  'get /transmissions/batches/{id}/items',
  'get /transmissions/batches/{id}/file',
  'post /transmissions/batches/{id}/items/{licenceId}/exclude',
  'post /transmissions/batches/{id}/dispatch',
  'post /transmissions/batches/{id}/cancel',
  'post /transmissions/feedback',
  'get /transmissions/feedback',
  // Not in API.md (which lists them under reporting): the transmissions service's own list.
  'get /transmissions/discrepancies',
  'get /messages',
  // Colleagues, claims and the EU Survey migration (issue 11).
  'get /me/company/members',
  'patch /me/company/members/{userId}',
  'delete /me/company/members/{userId}',
  'get /me/company/invitations',
  'post /me/company/invitations',
  'delete /me/company/invitations/{id}',
  'get /licences/claims',
  'post /licences/claims',
  'get /licences/claims/{id}',
  'post /licences/claims/{id}/decision',
  'post /licences/{id}/review',
  'post /migrations/eusurvey',
  'get /migrations/eusurvey',
  'get /migrations/eusurvey/unreviewed',
  'get /migrations/eusurvey/runs/{id}',
  // Messages and notifications.
  'get /messages/threads',
  'get /messages/threads/{id}',
  'post /messages/threads/{id}/messages',
  'post /messages/threads/{id}/read',
  'get /messages/broadcasts',
  'post /messages/broadcasts',
  'get /me/company/messages',
  'post /me/company/messages',
  'get /attachments/{id}',
  'get /me/notifications',
  'put /me/notifications',
  'get /notifications/unsubscribe',
  'post /notifications/unsubscribe',
];

function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsOf(item, found);
    }
  }
  return found;
}

describe('GET /api/v1/openapi.json', () => {
  let h: GatewayHarness;
  let document: any;
  beforeAll(async () => {
    h = await startGatewayHarness({ licences: false });
    const response = await call(h.url, 'GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is an OpenAPI 3.1 document that passes the OpenAPI schema', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');

    const { stdout } = await run(process.execPath, [cli, file]).catch((error: { stdout: string }) => error);

    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true });
  });

  it('has every path and method of API.md', () => {
    const documented = Object.entries(document.paths as Record<string, object>).flatMap(([p, item]) =>
      Object.keys(item).map((method) => `${method} ${p.replace(/^\/api\/v1/, '')}`),
    );
    expect(documented.sort()).toEqual([...API_MD].sort());
  });

  it('describes bodies and answers with the schemas of packages/contracts, every reference resolving', () => {
    const post = document.paths['/api/v1/licences'].post;
    const licenceInput = document.components.schemas.LicenceInput;

    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LicenceInput',
    });
    expect(licenceInput.required).toEqual(
      expect.arrayContaining(['licenceNumber', 'applicationDate', 'mofcomCentralLevel']),
    );
    expect(licenceInput.properties.elements.items.enum).toContain('dysprosium');
    expect(Object.keys(post.responses)).toEqual(
      expect.arrayContaining(['201', '401', '409', '415', '422', '429', '503']),
    );
    for (const ref of refsOf(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.split('/').at(-1)!]).toBeDefined();
    }
  });

  it('describes the MOFCOM batches with the transmissions shapes of packages/contracts', () => {
    const batch = document.components.schemas.Batch;
    const file = document.paths['/api/v1/transmissions/batches/{id}/file'].get;

    expect(batch.properties.status.enum).toEqual([
      'draft',
      'dispatching',
      'dispatched',
      'failed',
      'cancelled',
    ]);
    expect(batch.properties.kind.enum).toEqual(['scheduled', 'urgent', 'manual']);
    expect(batch.required).toEqual(
      expect.arrayContaining(['runNumber', 'period', 'itemCount', 'fileSha256']),
    );
    expect(file.parameters).toContainEqual(
      expect.objectContaining({
        name: 'format',
        in: 'query',
        schema: expect.objectContaining({ enum: ['csv', 'xlsx'] }),
      }),
    );
    expect(document.components.schemas.TransmissionSchedule.required).toEqual(
      expect.arrayContaining(['anchorDate', 'intervalDays', 'time', 'timeZone', 'nextRunAt', 'autoDispatch']),
    );
  });

  it('describes MOFCOM feedback and discrepancies with the shapes of packages/contracts', () => {
    const schemas = document.components.schemas;
    const post = document.paths['/api/v1/transmissions/feedback'].post;
    const list = document.paths['/api/v1/transmissions/feedback'].get;

    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/FeedbackRows',
    });
    expect(post.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/FeedbackSubmission',
    });
    expect(post.description).toBe('Commission staff only.');
    expect(schemas.FeedbackRows.properties.rows.items.required).toEqual(
      expect.arrayContaining(['licenceNumber', 'status']),
    );
    expect(schemas.FeedbackRows.properties.rows.items.properties.status.enum).toEqual([
      'pending',
      'processing',
      'granted',
      'refused',
    ]);
    expect(schemas.FeedbackSubmission.properties.rows.items.properties.outcome.enum).toEqual([
      'matched',
      'unmatched',
      'invalid',
      'unchanged',
    ]);
    expect(list.parameters).toContainEqual(expect.objectContaining({ name: 'cursor', in: 'query' }));
    expect(schemas.DiscrepancyList.properties.items.items.required).toEqual(
      expect.arrayContaining(['reportedStatus', 'reportedDate', 'confirmedStatus', 'comment']),
    );
  });

  it('describes the reports with the reporting shapes of packages/contracts', () => {
    const schemas = document.components.schemas;
    const breakdown = document.paths['/api/v1/reports/breakdown'].get;
    const shareable = document.paths['/api/v1/reports/shareable'].get;

    expect(schemas.ReportSummary.required).toEqual(
      expect.arrayContaining([
        'approvalRate',
        'stalePending',
        'p90DaysToDecision',
        'lastBatchAt',
        'byLicenceType',
      ]),
    );
    expect(breakdown.parameters).toContainEqual(
      expect.objectContaining({
        name: 'by',
        in: 'query',
        schema: expect.objectContaining({ enum: expect.arrayContaining(['element', 'customsStatus']) }),
      }),
    );
    for (const filter of ['from', 'to', 'sector', 'memberState', 'element', 'licenceType', 'urgent', 'sme']) {
      expect(breakdown.parameters).toContainEqual(expect.objectContaining({ name: filter, in: 'query' }));
    }
    expect(shareable.parameters).toContainEqual(
      expect.objectContaining({
        name: 'by',
        schema: expect.objectContaining({ enum: expect.not.arrayContaining(['exporter']) }),
      }),
    );
    expect(schemas.ShareableReport.properties.rows.items.properties.total.required).toEqual(
      expect.arrayContaining(['value', 'suppressed']),
    );
  });

  it('describes colleagues, claims and reviews with the shapes of packages/contracts', () => {
    const schemas = document.components.schemas;
    const paths = document.paths;
    const remove = paths['/api/v1/me/company/members/{userId}'].delete;
    const invite = paths['/api/v1/me/company/invitations'].post;
    const decide = paths['/api/v1/licences/claims/{id}/decision'].post;
    const review = paths['/api/v1/licences/{id}/review'].post;

    expect(schemas.Me.required).toContain('companyRole');
    expect(schemas.Me.properties.companyRole.anyOf).toContainEqual(
      expect.objectContaining({ enum: ['admin', 'member'] }),
    );
    expect(schemas.Licence.required).toContain('reviewRequired');
    expect(paths['/api/v1/licences'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'reviewRequired', in: 'query' }),
    );
    expect(schemas.CompanyMembers.properties.items.items).toEqual({
      $ref: '#/components/schemas/CompanyMember',
    });
    expect(schemas.CompanyMember.required).toEqual(
      expect.arrayContaining(['id', 'email', 'name', 'role', 'joinedAt']),
    );
    expect(remove.parameters).toContainEqual(expect.objectContaining({ name: 'userId', in: 'path' }));
    expect(remove.responses['204']).toEqual({ description: 'Success' });
    expect(Object.keys(remove.responses)).toEqual(expect.arrayContaining(['403', '404', '409']));
    expect(invite.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/InvitationInput',
    });
    expect(invite.responses['201'].headers).toHaveProperty('Location');
    expect(Object.keys(invite.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
    expect(decide.description).toMatch(/^Commission staff only\./);
    expect(schemas.ClaimDecisionInput.properties.decision.enum).toEqual(['transfer', 'reject']);
    expect(decide.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CommissionClaim',
    });
    expect(schemas.CommissionClaim.required).toEqual(expect.arrayContaining(['claimant', 'holder']));
    expect(schemas.Claim.properties).not.toHaveProperty('holder');
    expect(schemas.ClaimList.required).toEqual(expect.arrayContaining(['items', 'nextCursor', 'totalExact']));
    for (const filter of ['status', 'limit', 'cursor']) {
      expect(paths['/api/v1/licences/claims'].get.parameters).toContainEqual(
        expect.objectContaining({ name: filter, in: 'query' }),
      );
    }
    expect(review.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: false }),
    );
    expect(Object.keys(review.responses)).toEqual(expect.arrayContaining(['200', '404', '412']));
  });

  it('describes the EU Survey migration: the export as CSV, XLSX or JSON rows, dry run first', () => {
    const schemas = document.components.schemas;
    const post = document.paths['/api/v1/migrations/eusurvey'].post;

    expect(Object.keys(post.requestBody.content).sort()).toEqual([
      'application/json',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
    expect(post.parameters).toContainEqual(
      expect.objectContaining({
        name: 'dryRun',
        in: 'query',
        schema: expect.objectContaining({ enum: ['true', 'false'] }),
      }),
    );
    expect(schemas.EusurveyMigrationReport.properties.rows.items.properties.outcome.enum).toEqual(
      expect.arrayContaining(['created', 'would-create', 'duplicate-in-file', 'already-migrated', 'invalid']),
    );
    expect(schemas.EusurveyMigrationRunDetail.required).toEqual(
      expect.arrayContaining(['fileSha256', 'runBy', 'totals', 'rows']),
    );
    expect(schemas.UnreviewedByCompanyList.properties.items.items.required).toEqual(
      expect.arrayContaining(['companyId', 'migrated', 'unreviewed']),
    );
  });

  it('describes messages, attachments and notifications with the messaging shapes of packages/contracts', () => {
    const schemas = document.components.schemas;
    const paths = document.paths;
    const post = paths['/api/v1/messages/threads/{id}/messages'].post;
    const multipart = post.requestBody.content['multipart/form-data'];
    const attachment = paths['/api/v1/attachments/{id}'].get.responses['200'];

    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/MessageInput',
    });
    expect(schemas.MessageForm.properties.files.maxItems).toBe(5);
    expect(multipart.encoding.files.contentType).toContain('application/pdf');
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Message',
    });
    expect(schemas.Message.required).toEqual(
      expect.arrayContaining(['threadId', 'author', 'attachments', 'broadcastId']),
    );
    expect(schemas.Message.properties.author.properties.side.enum).toEqual(['company', 'commission']);
    expect(schemas.Thread.properties.messages.items).toEqual({ $ref: '#/components/schemas/Message' });
    expect(schemas.ThreadPage.required).toEqual(
      expect.arrayContaining(['items', 'nextCursor', 'total', 'totalExact']),
    );
    for (const filter of ['unread', 'companyId', 'licenceId', 'cursor']) {
      expect(paths['/api/v1/messages'].get.parameters).toContainEqual(
        expect.objectContaining({ name: filter, in: 'query' }),
      );
    }
    expect(paths['/api/v1/messages/threads/{id}/read'].post.responses['204']).toBeDefined();
    expect(schemas.BroadcastInput.properties.filter.properties).toHaveProperty('exporter');
    expect(Object.keys(paths['/api/v1/messages/broadcasts'].post.responses)).toEqual(
      expect.arrayContaining(['200', '201']),
    );
    expect(Object.keys(attachment.content)).toEqual(expect.arrayContaining(['application/pdf', 'image/png']));
    expect(attachment.headers).toHaveProperty('Content-Disposition');
    expect(schemas.NotificationPreferences.properties.newMessage.enum).toEqual(['immediate', 'daily', 'off']);
    expect(paths['/api/v1/me/notifications'].put.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/NotificationPreferencesInput',
    });
  });

  it('lets the unsubscribe link and its one-click request in without sign-in, and nothing else', () => {
    const unsubscribe = document.paths['/api/v1/notifications/unsubscribe'].post;
    const open = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([, operation]) => operation.security !== undefined)
        .map(([method, operation]) => `${method} ${p} ${JSON.stringify(operation.security)}`),
    );

    expect(open.sort()).toEqual([
      'get /api/v1/notifications/unsubscribe []',
      'post /api/v1/notifications/unsubscribe []',
    ]);
    expect(unsubscribe.parameters).toContainEqual(
      expect.objectContaining({ name: 'token', in: 'query', required: true }),
    );
    expect(unsubscribe.requestBody.required).toBe(false);
    expect(Object.keys(unsubscribe.requestBody.content).sort()).toEqual([
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    expect(unsubscribe.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Unsubscribed',
    });
    expect(unsubscribe.responses).not.toHaveProperty('401');
    expect(unsubscribe.responses).toHaveProperty('400');
  });

  it("marks as Commission-only and public exactly what the gateway's route table does", () => {
    const concrete = (p: string) => p.replace(/^\/api\/v1/, '').replace(/\{[^}]+\}/g, randomUUID());
    for (const [p, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const rule = routeFor(concrete(p));
        expect({
          operation: `${method} ${p}`,
          commissionOnly: /^Commission staff only\./.test(operation.description ?? ''),
          public: operation.security?.length === 0,
        }).toEqual({
          operation: `${method} ${p}`,
          commissionOnly: rule?.role === 'commission',
          public: rule?.public === true,
        });
      }
    }
  });

  it('needs no sign-in, and neither does the API page', async () => {
    const page = await call(h.url, 'GET', '/api/docs/');
    const script = await call(h.url, 'GET', '/api/docs/assets/swagger-ui-bundle.js');
    const redirect = await fetch(`${h.url}/api/docs`, { redirect: 'manual' });

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('assets/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');
  });
});
