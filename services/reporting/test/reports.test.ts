import { parse } from 'csv-parse/sync';
import { confirmationRecorded, feedbackReceived, type TestLicence } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/reporting-harness';
import { scenario } from './support/scenario';

/**
 * Six licences whose figures are known (now = 1 April 2026 12:00 UTC, so the 14-day stale
 * cut-off is 18 March 12:00):
 *   L1 pending, submitted 1 March, transmitted 2 March, no change since: stale; IT, two elements
 *   L2 processing since 25 March, transmitted: not stale; an SME
 *   L3 pending, urgent, never transmitted: urgent, not stale
 *   L4 granted after 30 days, general, JL Mag; decided (31 Jan) before it was registered (10 Feb)
 *   L5 granted after 10 days (11 Jan), registered 10 Feb
 *   L6 refused after 20 days (21 March), registered 5 March
 */
const SPECS = scenario([
  {
    submitted: { submittedAt: '2026-03-01T09:00:00.000Z', elements: ['terbium', 'dysprosium'] },
    transmittedAt: ['2026-03-02T08:00:00.000Z'],
    company: { memberState: 'IT', name: '=HYPERLINK("http://evil.example")' },
  },
  {
    submitted: { submittedAt: '2026-03-02T09:00:00.000Z' },
    decided: { to: 'processing', at: '2026-03-25T09:00:00.000Z' },
    transmittedAt: ['2026-03-16T08:00:00.000Z'],
    company: { sme: true },
  },
  { submitted: { submittedAt: '2026-03-20T09:00:00.000Z', urgent: true } },
  {
    submitted: {
      submittedAt: '2026-02-10T09:00:00.000Z',
      licenceType: 'general',
      validFrom: '2026-02-01',
      validTo: '2027-01-31',
      exporterName: 'JL Mag Rare-Earth Co., Ltd.',
      applicationDate: '2026-01-01',
      status: 'granted',
      decisionDate: '2026-01-31',
    },
  },
  {
    submitted: {
      submittedAt: '2026-02-10T10:00:00.000Z',
      applicationDate: '2026-01-01',
      status: 'granted',
      decisionDate: '2026-01-11',
    },
  },
  {
    submitted: { submittedAt: '2026-03-05T09:00:00.000Z', applicationDate: '2026-03-01' },
    decided: { to: 'refused', decisionDate: '2026-03-21', at: '2026-03-21T09:00:00.000Z' },
    transmittedAt: ['2026-03-16T08:00:00.000Z'],
  },
]);
const [L1, L2, L3, L4, L5, L6] = SPECS.licences as [TestLicence, ...TestLicence[]];

const ROUTES = [
  'summary',
  'breakdown?by=sector',
  'timeline',
  'exporters',
  'stale',
  'discrepancies',
  'shareable',
  'export',
];

describe('GET /api/v1/reports/*', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    await h.publishAndApply(SPECS.events);
    await h.publishAndApply([
      feedbackReceived(L6!, 'granted', '2026-03-19'),
      feedbackReceived(L5!, 'granted', '2026-01-11'),
    ]);
    await h.publishAndApply([
      confirmationRecorded(L6!, 'granted', 'refused'),
      confirmationRecorded(L5!, 'granted', 'granted'),
    ]);
  });
  afterAll(async () => {
    await h.stop();
  });

  describe('summary', () => {
    it('computes every figure of the dashboard', async () => {
      const { status, body } = await commission.get('/reports/summary');

      expect(status).toBe(200);
      expect(body).toMatchObject({
        total: 6,
        byStatus: { pending: 2, processing: 1, granted: 2, refused: 1 },
        approvalRate: 2 / 3,
        urgentPending: 1,
        stalePending: 1,
        medianDaysToDecision: 20,
        // percentile_cont over 10, 20, 30: 20 + 0.8 × 10
        p90DaysToDecision: 28,
        transmittedAtLeastOnce: 3,
        generalLicences: 1,
        lastBatchAt: '2026-03-16T08:00:00.000Z',
      });
    });

    it('reports general and individual licences separately', async () => {
      const { body } = await commission.get('/reports/summary');

      expect(body.byLicenceType.general).toMatchObject({
        total: 1,
        byStatus: { pending: 0, processing: 0, granted: 1, refused: 0 },
        approvalRate: 1,
        medianDaysToDecision: 30,
      });
      expect(body.byLicenceType.individual).toMatchObject({
        total: 5,
        approvalRate: 0.5,
        medianDaysToDecision: 15,
        stalePending: 1,
      });
    });

    it('has no approval rate or delay when nothing is decided', async () => {
      const { body } = await commission.get('/reports/summary?urgent=true');

      expect(body).toMatchObject({
        total: 1,
        approvalRate: null,
        medianDaysToDecision: null,
        p90DaysToDecision: null,
        urgentPending: 1,
      });
    });

    it('counts a licence stale once its status has not changed for 14 days', async () => {
      h.clock.set('2026-04-09T10:00:00.000Z'); // L2's change of 25 March is now 15 days old
      try {
        const { body } = await commission.get('/reports/summary');
        expect(body.stalePending).toBe(2);
      } finally {
        h.clock.set('2026-04-01T12:00:00.000Z');
      }
    });

    it.each([
      ['from (submission date, inclusive)', 'from=2026-03-01', 4],
      ['to (inclusive)', 'to=2026-03-01', 3],
      ['from and to', 'from=2026-03-02&to=2026-03-05', 2],
      ['memberState', 'memberState=IT', 1],
      ['element', 'element=terbium', 1],
      ['licenceType', 'licenceType=general', 1],
      ['urgent', 'urgent=false', 5],
      ['sme', 'sme=true', 1],
      ['sector', 'sector=aerospace', 0],
    ])('filters by %s', async (_what, query, total) => {
      const { status, body } = await commission.get(`/reports/summary?${query}`);

      expect(status).toBe(200);
      expect(body.total).toBe(total);
    });
  });

  describe('breakdown', () => {
    it('counts a licence with two elements once under each', async () => {
      const { body } = await commission.get('/reports/breakdown?by=element');

      expect(body.by).toBe('element');
      expect(body.rows.map((r: { key: string; total: number }) => [r.key, r.total])).toEqual([
        ['dysprosium', 6],
        ['terbium', 1],
      ]);
    });

    it('gives each row the same figures', async () => {
      const { body } = await commission.get('/reports/breakdown?by=memberState');

      expect(body.rows).toEqual([
        expect.objectContaining({ key: 'DE', total: 5, approvalRate: 2 / 3, stalePending: 0 }),
        expect.objectContaining({ key: 'IT', total: 1, approvalRate: null, stalePending: 1 }),
      ]);
    });

    it.each([
      ['sme', { true: 1, false: 5 }],
      ['licenceType', { individual: 5, general: 1 }],
      ['exporter', { 'Ningbo Yunsheng Co., Ltd.': 5, 'JL Mag Rare-Earth Co., Ltd.': 1 }],
      ['customsStatus', { not_started: 6 }],
      ['productType', { magnets_ndfeb: 6 }],
      ['sector', { automotive: 6 }],
    ])('by %s', async (by, expected) => {
      const { body } = await commission.get(`/reports/breakdown?by=${by}`);

      expect(
        Object.fromEntries(body.rows.map((r: { key: string; total: number }) => [r.key, r.total])),
      ).toEqual(expected);
    });
  });

  describe('timeline', () => {
    it('lists each month: submitted, decided, and open at its end', async () => {
      const { status, body } = await commission.get('/reports/timeline?interval=month');

      expect(status).toBe(200);
      expect(body).toEqual({
        interval: 'month',
        rows: [
          { period: '2026-01-01', submitted: 0, decided: 2, granted: 2, refused: 0, pendingAtEnd: 0 },
          { period: '2026-02-01', submitted: 2, decided: 0, granted: 0, refused: 0, pendingAtEnd: 0 },
          { period: '2026-03-01', submitted: 4, decided: 1, granted: 0, refused: 1, pendingAtEnd: 3 },
        ],
      });
    });

    it('lists weeks from Monday, empty ones as zeros', async () => {
      const { body } = await commission.get('/reports/timeline?interval=week&from=2026-03-01');

      expect(body.rows[0]).toEqual({
        period: '2026-02-23',
        submitted: 1,
        decided: 0,
        granted: 0,
        refused: 0,
        pendingAtEnd: 1,
      });
      expect(body.rows.map((r: { period: string }) => r.period)).toEqual([
        '2026-02-23',
        '2026-03-02',
        '2026-03-09',
        '2026-03-16',
      ]);
      expect(body.rows.at(-1)).toMatchObject({ submitted: 1, refused: 1, pendingAtEnd: 3 });
    });
  });

  it('lists the exporters with their figures', async () => {
    const { body } = await commission.get('/reports/exporters');

    expect(body.items).toEqual([
      {
        exporter: 'Ningbo Yunsheng Co., Ltd.',
        creditCode: null,
        licences: 5,
        pending: 3,
        granted: 1,
        refused: 1,
        approvalRate: 0.5,
        medianDaysToDecision: 15,
        generalLicences: 0,
      },
      {
        exporter: 'JL Mag Rare-Earth Co., Ltd.',
        creditCode: null,
        licences: 1,
        pending: 0,
        granted: 1,
        refused: 0,
        approvalRate: 1,
        medianDaysToDecision: 30,
        generalLicences: 1,
      },
    ]);
  });

  it('lists the stale licences, for any number of days', async () => {
    const fourteen = await commission.get('/reports/stale');
    const five = await commission.get('/reports/stale?days=5');

    expect(fourteen.body).toMatchObject({ days: 14, total: 1 });
    expect(fourteen.body.items).toEqual([
      expect.objectContaining({
        licenceId: L1!.id,
        licenceNumber: L1!.licenceNumber,
        memberState: 'IT',
        status: 'pending',
        statusChangedAt: '2026-03-01T09:00:00.000Z',
        daysSinceStatusChange: 31,
        transmissionCount: 1,
        lastTransmittedAt: '2026-03-02T08:00:00.000Z',
      }),
    ]);
    expect(five.body.items.map((i: { licenceId: string }) => i.licenceId)).toEqual([L1!.id, L2!.id]);
  });

  it('lists the licences whose company contradicted what MOFCOM reported', async () => {
    const { body } = await commission.get('/reports/discrepancies');

    expect(body).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          licenceId: L6!.id,
          status: 'refused',
          reportedStatus: 'granted',
          reportedDate: '2026-03-19',
          confirmedStatus: 'refused',
          comment: 'MOFCOM has not decided yet',
        }),
      ],
    });
  });

  describe('shareable', () => {
    it('suppresses every cell under 5 licences and names no company, exporter or licence', async () => {
      const { status, body, text } = await commission.get('/reports/shareable?by=sector');

      expect(status).toBe(200);
      expect(body).toEqual({
        by: 'sector',
        interval: null,
        minimumCell: 5,
        rows: [
          {
            period: null,
            key: 'automotive',
            total: { value: 6, suppressed: false },
            pending: { value: null, suppressed: true },
            granted: { value: null, suppressed: true },
            refused: { value: null, suppressed: true },
            approvalRate: { value: null, suppressed: true },
          },
        ],
      });
      for (const licence of [L1, L2, L3, L4, L5, L6]) {
        expect(text).not.toContain(licence!.licenceNumber);
        expect(text).not.toContain(licence!.companyId);
      }
      expect(text).not.toMatch(/Ningbo|JL Mag/);
    });

    it('groups by submission period too', async () => {
      const { body } = await commission.get('/reports/shareable?interval=month');

      expect(body.rows.map((r: { period: string; total: unknown }) => [r.period, r.total])).toEqual([
        ['2026-02-01', { value: null, suppressed: true }],
        ['2026-03-01', { value: null, suppressed: true }],
      ]);
    });

    it('refuses a dimension that names exporters', async () => {
      const { status, body } = await commission.get('/reports/shareable?by=exporter');

      expect(status).toBe(422);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'by' })]);
    });
  });

  describe('export', () => {
    it('streams every licence with its company data as CSV, formulas neutralised', async () => {
      const response = await commission.download('/reports/export?format=csv');
      const text = await response.text();
      const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toContain('licences-2026-04-01.csv');
      expect(rows.map((r) => r.licence_id).sort()).toEqual([L1, L2, L3, L4, L5, L6].map((l) => l!.id).sort());
      const first = rows.find((r) => r.licence_id === L1!.id)!;
      expect(first).toMatchObject({
        company_name: `'=HYPERLINK("http://evil.example")`,
        member_state: 'IT',
        elements: 'terbium;dysprosium',
        transmission_count: '1',
        status: 'pending',
      });
      expect(rows.find((r) => r.licence_id === L4!.id)).toMatchObject({
        days_to_decision: '30',
        licence_type: 'general',
      });
    });

    it('writes an XLSX workbook on request', async () => {
      const response = await commission.download('/reports/export?format=xlsx&licenceType=general');
      const bytes = Buffer.from(await response.arrayBuffer());

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
    });
  });

  describe('who and what may be asked', () => {
    it.each(ROUTES)('refuses an operator: %s', async (route) => {
      const { status, headers, body } = await h.operator().get(`/reports/${route}`);

      expect(status).toBe(403);
      expect(headers.get('content-type')).toContain('application/problem+json');
      expect(body).toMatchObject({ status: 403 });
    });

    it.each([
      ['breakdown', 'by=colour', 'by'],
      ['breakdown', '', 'by'],
      ['timeline', 'interval=day', 'interval'],
      ['summary', 'from=2026-13-01', 'from'],
      ['summary', 'from=2026-03-10&to=2026-03-01', 'to'],
      ['summary', 'urgent=yes', 'urgent'],
      ['summary', 'memberState=UK', 'memberState'],
      ['summary', 'element=uranium', 'element'],
      ['summary', 'colour=blue', 'colour'],
      ['stale', 'days=0', 'days'],
      ['export', 'format=pdf', 'format'],
    ])('answers 422 naming the parameter: %s?%s', async (route, query, field) => {
      const { status, headers, body } = await commission.get(`/reports/${route}?${query}`);

      expect(status).toBe(422);
      expect(headers.get('content-type')).toContain('application/problem+json');
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('answers 405 for another method on a report', async () => {
      const { status, headers } = await commission.post('/reports/summary', {});

      expect(status).toBe(405);
      expect(headers.get('allow')).toContain('GET');
    });
  });
});
