import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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
