import { withClient } from '@lmp/db';
import { aLicence } from './support/builders';
import { aSurveyRow } from './eusurvey-support';
import { startHarness, type ApiClient, type Harness } from './support/licences-harness';

describe('GET /licences', () => {
  let h: Harness;
  let operator: ApiClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    operator = await h.operatorWithCompany();
    const seeds: [string, Record<string, unknown>][] = [
      [
        'pendingUrgent',
        { urgent: true, urgencyReason: 'Line stops in 2 weeks', applicationDate: '2025-05-01' },
      ],
      ['granted', { status: 'granted', decisionDate: '2025-07-01', applicationDate: '2025-04-10' }],
      [
        'refusedAero',
        { status: 'refused', decisionDate: '2025-07-02', sector: 'aerospace', applicationDate: '2025-06-20' },
      ],
      [
        'general',
        {
          licenceType: 'general',
          validFrom: '2025-12-01',
          validTo: '2026-11-30',
          applicationDate: '2025-11-15',
        },
      ],
      [
        'ningbo',
        {
          exporter: { name: 'Ningbo Yunsheng Co., Ltd.' },
          licenceNumber: 'NB-7788-ABC',
          applicationDate: '2025-08-08',
        },
      ],
      [
        'blocked',
        {
          customsStatus: 'blocked',
          customsNote: 'Missing end-user certificate',
          applicationDate: '2025-09-01',
        },
      ],
    ];
    for (const [name, overrides] of seeds) {
      const response = await operator.post('/licences', aLicence(overrides));
      if (response.status !== 201) throw new Error(JSON.stringify(response.body));
      ids[name] = response.body.id;
    }
  });
  afterAll(async () => {
    await h.stop();
  });

  const idsOf = (body: { items: { id: string }[] }) => body.items.map((l) => l.id);

  it.each([
    ['status=granted', ['granted']],
    ['status=pending&urgent=true', ['pendingUrgent']],
    ['sector=aerospace', ['refusedAero']],
    ['licenceType=general', ['general']],
    ['customsStatus=blocked', ['blocked']],
    ['q=yunsheng', ['ningbo']],
    ['q=nb 7788', ['ningbo']],
    ['q=7788-abc', ['ningbo']],
  ])('filters by %s', async (query, expected) => {
    const response = await operator.get(`/licences?${query}`);
    expect(response.status).toBe(200);
    expect(idsOf(response.body)).toEqual(expected.map((name) => ids[name]));
    expect(response.body.total).toBe(expected.length);
  });

  it('filters the licences migrated from the EU Survey, for their operators to check', async () => {
    const migrating = await h.operatorWithCompany();
    await migrating.post('/licences', aLicence());
    // The Commission migrates the operator's survey answer (the respondent is found by address).
    const imported = await h.commission().post('/migrations/eusurvey', {
      rows: [aSurveyRow({ respondentEmail: migrating.identity.email, eori: migrating.company.eori })],
    });
    expect(imported.body.totals).toMatchObject({ licences: 1 });

    const migrated = await migrating.get('/licences?source=eusurvey_migration');
    const onPlatform = await migrating.get('/licences?source=platform');

    expect(idsOf(migrated.body)).toEqual([imported.body.rows[0].licenceId]);
    expect(migrated.body.items[0].source).toBe('eusurvey_migration');
    expect(onPlatform.body.total).toBe(1);
  });

  it('filters by submission date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await operator.get(`/licences?submittedFrom=${today}&submittedTo=${today}`)).body.total).toBe(6);
    expect((await operator.get('/licences?submittedTo=2020-01-01')).body.total).toBe(0);
  });

  it('sorts by application date', async () => {
    const response = await operator.get('/licences?sort=applicationDate');
    const dates = response.body.items.map((l: { applicationDate: string }) => l.applicationDate);
    expect(dates).toEqual([...dates].sort());
    expect(idsOf(response.body)).toEqual(
      ['granted', 'pendingUrgent', 'refusedAero', 'ningbo', 'blocked', 'general'].map((name) => ids[name]),
    );
  });

  describe('each sort, on licences whose three dates are each in a different order', () => {
    let sorted: ApiClient;
    const licences: Record<string, string> = {};
    beforeAll(async () => {
      sorted = await h.operatorWithCompany();
      // name, applicationDate, submittedAt, updatedAt: the three in three different orders.
      const dates = [
        ['w', '2025-03-01', '2025-01-01T10:00:00Z', '2025-06-04T00:00:00Z'],
        ['x', '2025-01-01', '2025-01-01T11:00:00Z', '2025-06-02T00:00:00Z'],
        ['y', '2025-04-01', '2025-01-01T12:00:00Z', '2025-06-01T00:00:00Z'],
        ['z', '2025-02-01', '2025-01-01T13:00:00Z', '2025-06-03T00:00:00Z'],
      ] as const;
      for (const [name, applicationDate, submittedAt, updatedAt] of dates) {
        const response = await sorted.post('/licences', aLicence({ applicationDate }));
        if (response.status !== 201) throw new Error(JSON.stringify(response.body));
        licences[name] = response.body.id;
        // Submission and edit times are the server's clock: set them to known, distinct instants.
        await withClient(h.database.urlFor('licences'), (client) =>
          client.query('UPDATE licences.licences SET submitted_at = $2, updated_at = $3 WHERE id = $1', [
            response.body.id,
            submittedAt,
            updatedAt,
          ]),
        );
      }
    });

    it.each([
      ['submittedAt', 'wxyz'],
      ['-submittedAt', 'zyxw'],
      ['applicationDate', 'xzwy'],
      ['-updatedAt', 'wzxy'],
    ])('sort=%s lists them in the order %s, on one page and across pages', async (sort, order) => {
      const expected = [...order].map((name) => licences[name]);

      const whole = await sorted.get(`/licences?sort=${sort}`);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await sorted.get(
          `/licences?limit=3&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.body.items.length).toBeGreaterThan(0);
        paged.push(...idsOf(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);

      expect(whole.status).toBe(200);
      expect(idsOf(whole.body)).toHaveLength(4);
      expect(idsOf(whole.body)).toEqual(expected);
      expect(paged).toEqual(expected);
    });
  });

  it('pages with an opaque cursor through every licence exactly once', async () => {
    for (const sort of ['-submittedAt', 'submittedAt', 'applicationDate', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await operator.get(
          `/licences?limit=4&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(6);
        seen.push(...idsOf(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(6);
      expect(new Set(seen)).toEqual(new Set(Object.values(ids)));
    }
  });

  it.each([
    ['limit=500', 'limit'],
    ['limit=0', 'limit'],
    ['status=lost', 'status'],
    ['sort=name', 'sort'],
    ['cursor=garbage', 'cursor'],
    ['submittedFrom=yesterday', 'submittedFrom'],
    ['colour=red', 'colour'],
    ['q=ab%00', 'q'],
    ['submittedFrom=0000-01-01', 'submittedFrom'],
    [
      `cursor=${Buffer.from(JSON.stringify(['-submittedAt', '1', '00000000-0000-0000-0000-000000000000', 1, true])).toString('base64url')}`,
      'cursor',
    ],
    [
      `cursor=${Buffer.from(JSON.stringify(['-submittedAt', '+275760-09-13T00:00:00Z', '00000000-0000-0000-0000-000000000000', 1, true])).toString('base64url')}`,
      'cursor',
    ],
  ])('refuses %s naming the parameter', async (query, field) => {
    const response = await operator.get(`/licences?${query}`);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('defaults to 50 per page, newest first', async () => {
    const response = await operator.get('/licences');
    expect(response.body.nextCursor).toBeNull();
    const submitted = response.body.items.map((l: { submittedAt: string }) => l.submittedAt);
    expect(submitted).toEqual([...submitted].sort().reverse());
    // Seeded one after another, so submitted in this order; the newest comes first.
    expect(idsOf(response.body)).toEqual(
      ['blocked', 'ningbo', 'general', 'refusedAero', 'granted', 'pendingUrgent'].map((name) => ids[name]),
    );
  });
});

describe('GET /licences totals on large lists', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ LIST_EXACT_TOTAL_CAP: '3' });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('counts exactly up to the cap and says when the total beyond it is an estimate', async () => {
    const operator = await h.operatorWithCompany();
    for (let i = 0; i < 5; i++) await operator.post('/licences', aLicence());

    const many = await operator.get('/licences?limit=2');
    const few = await operator.get('/licences?q=no-such-licence');

    expect(many.body).toMatchObject({ totalExact: false });
    expect(many.body.total).toBeGreaterThanOrEqual(4);
    expect(few.body).toMatchObject({ total: 0, totalExact: true });
    const next = await operator.get(`/licences?limit=2&cursor=${encodeURIComponent(many.body.nextCursor)}`);
    expect(next.body).toMatchObject({ total: many.body.total, totalExact: false });
  });
});
