import { aLicence } from './support/builders';
import { startHarness, type Harness } from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

describe('POST /licences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));

  it('registers a pending licence with Location, ETag and the record', async () => {
    const operator = await h.operatorWithCompany();
    const input = aLicence();

    const response = await operator.post('/licences', input);

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/api/v1/licences/${response.body.id}`);
    expect(response.headers.get('etag')).toBeTruthy();
    expect(response.body).toMatchObject({
      licenceNumber: input.licenceNumber,
      companyId: operator.company.id,
      status: 'pending',
      customsStatus: 'not_started',
      source: 'platform',
      exporter: { name: 'JL Mag Rare-Earth Co., Ltd.', creditCode: null },
      transmissions: { count: 0, dates: [] },
    });
    const read = await operator.get(`/licences/${response.body.id}`);
    expect(read.body).toMatchObject({
      id: response.body.id,
      elements: ['dysprosium', 'terbium'],
      quantityKg: 1250,
    });
  });

  it('publishes LicenceSubmitted through the outbox with the request id as correlation id', async () => {
    const capture = await h.captureEvents(['LicenceSubmitted']);
    const operator = await h.operatorWithCompany();

    const response = await operator.post('/licences', aLicence(), { 'x-request-id': 'req-submit-1' });

    const event = await capture.waitFor(
      (e) => (e.data as { licenceId: string }).licenceId === response.body.id,
    );
    expect(event).toMatchObject({
      type: 'LicenceSubmitted',
      version: 1,
      correlationId: 'req-submit-1',
      actor: { type: 'user', name: operator.identity.name },
      data: { licenceNumber: response.body.licenceNumber, companyId: operator.company.id, status: 'pending' },
    });
  });

  it('refuses a licence number another company already registered, without naming it', async () => {
    const first = await h.operatorWithCompany();
    const second = await h.operatorWithCompany();
    const licence = aLicence({ licenceNumber: 'CN-2025-DUP-0001-' + Date.now() });
    expect((await first.post('/licences', licence)).status).toBe(201);

    const respelled = licence.licenceNumber.toLowerCase().replace(/-/g, ' ');
    const before = await storedRows();
    const response = await second.post('/licences', { ...licence, licenceNumber: respelled });

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.type).toMatch(/duplicate-licence$/);
    expect(response.body.detail).toMatch(/already registered/);
    expect(response.body.detail).toMatch(/suppliers or colleagues/);
    expect(JSON.stringify(response.body)).not.toContain(first.company.name);
    expect(JSON.stringify(response.body)).not.toContain(first.company.id);
    expect(await storedRows()).toEqual(before);
    expect((await second.get('/licences')).body.total).toBe(0);
  });

  it('registers a number exactly once when many submit it at the same time', async () => {
    const operators = await Promise.all(Array.from({ length: 8 }, () => h.operatorWithCompany()));
    const licence = aLicence();
    const before = await storedRows();

    const responses = await Promise.all(operators.map((o) => o.post('/licences', licence)));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    // The one licence, its first history entry and its LicenceSubmitted; nothing from the 409s.
    expect(await storedRows()).toEqual({
      ...before,
      licences: before.licences + 1,
      licence_history: before.licence_history + 1,
      outbox_events: before.outbox_events + 1,
    });
    const winner = operators[responses.findIndex((r) => r.status === 201)]!;
    const totals = await Promise.all(operators.map(async (o) => (await o.get('/licences')).body.total));
    expect(totals).toEqual(operators.map((o) => (o === winner ? 1 : 0)));
  });

  describe('refuses a licence that breaks a rule, naming the field', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['an application date in the future', { applicationDate: '2999-01-01' }, 'applicationDate'],
      ['granted without a decision date', { status: 'granted' }, 'decisionDate'],
      ['refused without a decision date', { status: 'refused' }, 'decisionDate'],
      ['blocked at customs without a note', { customsStatus: 'blocked' }, 'customsNote'],
      ['a general licence without validity', { licenceType: 'general' }, 'validFrom'],
      [
        'a general licence valid longer than a year',
        { licenceType: 'general', validFrom: '2025-12-01', validTo: '2027-06-01' },
        'validTo',
      ],
      ['an element that is not controlled', { elements: ['dysprosium', 'neodymium'] }, 'elements.1'],
      ['no element at all', { elements: [] }, 'elements'],
      ['central level not confirmed', { mofcomCentralLevel: false }, 'mofcomCentralLevel'],
      ['central level missing', { mofcomCentralLevel: undefined }, 'mofcomCentralLevel'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an urgent request without a reason', { urgent: true }, 'urgencyReason'],
      ['a negative quantity', { quantityKg: -5 }, 'quantityKg'],
      ['an unknown sector', { sector: 'fishing' }, 'sector'],
      ['a malformed date', { applicationDate: '02/06/2025' }, 'applicationDate'],
      ['a missing licence number', { licenceNumber: undefined }, 'licenceNumber'],
      ['a NUL character in the exporter', { exporter: { name: 'JL\u0000Mag' } }, 'exporter.name'],
      ['a NUL character in a note', { customsStatus: 'blocked', customsNote: 'x\u0000' }, 'customsNote'],
      ['year 0', { applicationDate: '0000-01-01' }, 'applicationDate'],
      ['a quantity with more decimals than are kept', { quantityKg: 0.0001 }, 'quantityKg'],
      ['a value in fractions of a cent', { valueEur: 10.005 }, 'valueEur'],
    ];

    it.each(cases)('%s', async (_name, overrides, field) => {
      const operator = await h.operatorWithCompany();
      const input = aLicence(overrides);

      const response = await operator.post('/licences', input);

      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      const list = await operator.get('/licences');
      expect(list.body.total).toBe(0);
    });

    it('names every bad field at once', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post(
        '/licences',
        aLicence({ sector: 'x', productType: 'y', quantityKg: 'z' }),
      );
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'productType',
        'quantityKg',
        'sector',
      ]);
    });
  });

  it('accepts a general licence with a year of validity and a granted one with its decision date', async () => {
    const operator = await h.operatorWithCompany();
    const general = await operator.post(
      '/licences',
      aLicence({ licenceType: 'general', validFrom: '2025-12-01', validTo: '2026-11-30' }),
    );
    const granted = await operator.post(
      '/licences',
      aLicence({ status: 'granted', decisionDate: '2025-07-15' }),
    );
    expect([general.status, granted.status]).toEqual([201, 201]);
  });

  it('refuses an operator without a company with 403', async () => {
    const operator = h.client();
    await operator.get('/me');
    const before = await storedRows();
    const licence = aLicence();

    const response = await operator.post('/licences', licence);

    expect(response.status).toBe(403);
    expect(response.body.type).toMatch(/company-required$/);
    expect(await storedRows()).toEqual(before);
    const search = await h.commission().get(`/licences?q=${encodeURIComponent(licence.licenceNumber)}`);
    expect(search.body.total).toBe(0);
  });

  it('refuses Commission staff with 403', async () => {
    const commission = h.commission();
    await commission.get('/me');
    const before = await storedRows();
    const licence = aLicence();

    expect((await commission.post('/licences', licence)).status).toBe(403);
    expect(await storedRows()).toEqual(before);
    const search = await commission.get(`/licences?q=${encodeURIComponent(licence.licenceNumber)}`);
    expect(search.body.total).toBe(0);
  });

  describe('Idempotency-Key', () => {
    it('returns the first result to a retried create', async () => {
      const operator = await h.operatorWithCompany();
      const input = aLicence();
      const first = await operator.post('/licences', input, { 'idempotency-key': 'create-1' });
      const retry = await operator.post('/licences', input, { 'idempotency-key': 'create-1' });
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect((await operator.get('/licences')).body.total).toBe(1);
    });

    it('returns one result to concurrent retries', async () => {
      const operator = await h.operatorWithCompany();
      const input = aLicence();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => operator.post('/licences', input, { 'idempotency-key': 'burst' })),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    });

    it('refuses the same key with a different body', async () => {
      const operator = await h.operatorWithCompany();
      await operator.post('/licences', aLicence(), { 'idempotency-key': 'k' });
      const response = await operator.post('/licences', aLicence(), { 'idempotency-key': 'k' });
      expect(response.status).toBe(422);
      expect(response.body.type).toMatch(/idempotency-key-reused$/);
    });
  });

  describe('bad requests never become a 500', () => {
    it('answers 401 without the gateway identity', async () => {
      const response = await fetch(`${h.url}/api/v1/licences`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 401 to an identity token signed by someone else', async () => {
      const response = await fetch(`${h.url}/api/v1/licences`, {
        headers: { 'x-lmp-identity': 'e30.e30.AAAA' },
      });
      expect(response.status).toBe(401);
    });

    it('answers 400 to malformed JSON', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', '{"licenceNumber": ', {
        'content-type': 'application/json',
      });
      expect(response.status).toBe(400);
      expect(response.body.type).toMatch(/malformed-json$/);
    });

    it('answers 415 to a body that is not JSON', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', 'licenceNumber=1', { 'content-type': 'text/plain' });
      expect(response.status).toBe(415);
    });

    it('answers 413 to a body over the limit', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', aLicence({ urgencyReason: 'x'.repeat(400_000) }));
      expect(response.status).toBe(413);
    });

    it('answers 422 to a create without a body', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.request('POST', '/licences');
      expect(response.status).toBe(422);
    });

    it('answers 422 to a JSON body that is not an object', async () => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences', '[1,2]', { 'content-type': 'application/json' });
      expect(response.status).toBe(422);
    });
  });
});
