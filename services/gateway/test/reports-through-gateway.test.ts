import { randomUUID } from 'node:crypto';
import { newEvent, ZReportSummary, type AnyEnvelope, type EventMeta } from '@lmp/contracts';
import { aCompany, aLicence } from './support/builders';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { waitUntil } from './support/http-client';

/** Every report route of API.md, as a Commission dashboard calls them. */
const ROUTES = [
  '/reports/summary',
  '/reports/breakdown?by=sector',
  '/reports/timeline?interval=month',
  '/reports/exporters',
  '/reports/stale',
  '/reports/discrepancies',
  '/reports/shareable',
  '/reports/export?format=csv',
];

const meta = (occurredAt: string): EventMeta => ({
  correlationId: `req-${randomUUID().slice(0, 8)}`,
  actor: { type: 'user', id: randomUUID(), name: 'Anna Operator' },
  occurredAt: new Date(occurredAt),
});

/** A company and two of its licences as the licences service publishes them: one urgent and pending, one granted. */
function maltaResearchLicences(): AnyEnvelope[] {
  const companyId = randomUUID();
  const licence = (overrides: {
    urgent: boolean;
    status: 'pending' | 'granted';
    decisionDate: string | null;
  }) =>
    newEvent(
      'LicenceSubmitted',
      {
        licenceId: randomUUID(),
        companyId,
        licenceNumber: `CN-2026-${randomUUID().slice(0, 8)}`,
        licenceType: 'individual',
        validFrom: null,
        validTo: null,
        applicationDate: '2026-02-02',
        exporterName: 'Ningbo Yunsheng Co., Ltd.',
        sector: 'research',
        elements: ['terbium'],
        productType: 'metals_alloys',
        quantityKg: 20,
        valueEur: 5000,
        customsStatus: 'not_started',
        source: 'platform',
        submittedAt: '2026-02-03T10:00:00.000Z',
        ...overrides,
      },
      meta('2026-02-03T10:00:00.000Z'),
    );
  return [
    newEvent(
      'CompanyRegistered',
      {
        companyId,
        name: `Malta Research ${randomUUID().slice(0, 6)} Ltd`,
        eori: `MT${Date.now()}`,
        country: 'MT',
        memberState: 'MT',
        sme: true,
        sector: 'research',
      },
      meta('2026-01-10T09:00:00.000Z'),
    ),
    licence({ urgent: true, status: 'pending', decisionDate: null }),
    licence({ urgent: false, status: 'granted', decisionDate: '2026-02-22' }),
  ];
}

describe('GET /api/v1/reports/* through the gateway', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness({ reporting: true });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  it.each(ROUTES)('refuses an operator with 403 on %s', async (route) => {
    const operator = await h.operator();

    const response = await operator.get(route);

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives the Commission the summary in the shape of the contract', async () => {
    const commission = await h.commission();

    const response = await commission.get('/reports/summary');

    expect(response.status).toBe(200);
    const summary = ZReportSummary.parse(response.body);
    expect(summary.byLicenceType).toMatchObject({
      individual: { total: expect.any(Number) },
      general: { total: expect.any(Number) },
    });
  });

  it('shows licences published as events in the summary', async () => {
    const commission = await h.commission();

    await h.publish(maltaResearchLicences());

    const summary = await waitUntil(async () => {
      const response = await commission.get('/reports/summary?memberState=MT&sector=research');
      return response.status === 200 && response.body.total === 2 && response.body;
    }, 'the two licences in the summary');
    expect(summary).toMatchObject({
      total: 2,
      byStatus: { pending: 1, processing: 0, granted: 1, refused: 0 },
      approvalRate: 1,
      urgentPending: 1,
      medianDaysToDecision: 20,
      generalLicences: 0,
      byLicenceType: { individual: { total: 2 }, general: { total: 0 } },
    });
  });

  it('reports a licence an operator registers through the gateway, from the licences service’s events', async () => {
    const operator = await h.operator();
    const company = await operator.put(
      '/me/company',
      aCompany({ country: 'LU', memberState: 'LU', sector: 'medical' }),
    );
    const licence = await operator.post(
      '/licences',
      aLicence({ sector: 'medical', exporter: { name: 'Beijing Zhong Ke San Huan High-Tech Co., Ltd.' } }),
    );
    expect([company.status, licence.status]).toEqual([201, 201]);
    const commission = await h.commission();

    const summary = await waitUntil(async () => {
      const response = await commission.get('/reports/summary?memberState=LU&sector=medical');
      return response.status === 200 && response.body.total === 1 && response.body;
    }, 'the registered licence in the summary');
    const exporters = await commission.get('/reports/breakdown?by=exporter&memberState=LU&sector=medical');

    expect(summary).toMatchObject({ total: 1, byStatus: { pending: 1 }, approvalRate: null });
    expect(exporters.body.rows).toEqual([
      expect.objectContaining({ key: 'Beijing Zhong Ke San Huan High-Tech Co., Ltd.', total: 1 }),
    ]);
  });
});

describe('report routes with no reporting service behind the gateway', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    // Nothing listens there: a 403 can only come from the gateway's own role check.
    h = await startGatewayHarness({ licences: false, env: { REPORTING_URL: 'http://127.0.0.1:9' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it.each(ROUTES)(
    'answers an operator 403 itself on %s, and would have forwarded the Commission',
    async (route) => {
      const operator = await h.operator();
      const commission = await h.commission();

      const refused = await operator.get(route);
      const forwarded = await commission.get(route);

      expect(refused.status).toBe(403);
      expect(refused.body.detail).toBe('Only Commission staff may use this');
      expect(forwarded.status).toBeGreaterThanOrEqual(502);
    },
  );
});
