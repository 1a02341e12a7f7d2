import { aCompany, aLicence } from './support/builders';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';

describe('licence flows of API.md, through the gateway', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('registers the company, then a licence, and shows both', async () => {
    const operator = await h.operator();
    const company = aCompany({ name: 'Autoteile Süd GmbH', memberState: 'DE' });

    const refused = aLicence();
    const noCompanyYet = await operator.post('/licences', refused);
    const created = await operator.put('/me/company', company);
    const me = await operator.get('/me');
    const licence = aLicence();
    const registered = await operator.post('/licences', licence);

    expect(noCompanyYet.status).toBe(403);
    expect(created.status).toBe(201);
    expect(me.body).toMatchObject({
      role: 'operator',
      company: { name: 'Autoteile Süd GmbH', eori: company.eori },
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get('location')).toBe(`/api/v1/licences/${registered.body.id}`);
    expect(registered.headers.get('etag')).toBeTruthy();
    expect(registered.body).toMatchObject({
      licenceNumber: licence.licenceNumber,
      status: 'pending',
      source: 'platform',
    });
    const list = await operator.get('/licences');
    expect(list.body).toMatchObject({ total: 1, items: [{ id: registered.body.id }], nextCursor: null });
    const commission = await h.commission();
    const search = await commission.get(`/licences?q=${encodeURIComponent(refused.licenceNumber)}`);
    expect(search.body.total).toBe(0);
  });

  it('refuses a licence number already registered, written differently, without naming who holds it', async () => {
    const first = await h.operatorWithCompany();
    const second = await h.operatorWithCompany();
    await first.post('/licences', aLicence({ licenceNumber: 'CN-2025-DUP-4711' }));

    const duplicate = await second.post('/licences', aLicence({ licenceNumber: ' cn 2025 dup 4711 ' }));

    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toContain('application/problem+json');
    expect(duplicate.body.type).toMatch(/\/duplicate-licence$/);
    expect(duplicate.text).not.toContain(first.company.name);
    expect(duplicate.text).not.toContain(first.email);
    expect((await second.get('/licences')).body.total).toBe(0);
    const commission = await h.commission();
    const holders = await commission.get('/licences?q=CN-2025-DUP-4711');
    expect(holders.body).toMatchObject({ total: 1, items: [{ companyId: first.company.id }] });
  });

  it('edits with If-Match, refuses a stale ETag, and keeps the history', async () => {
    const operator = await h.operatorWithCompany();
    const registered = await operator.post('/licences', aLicence());
    const id = registered.body.id;
    const etag = registered.headers.get('etag')!;

    const edited = await operator.patch(`/licences/${id}`, { status: 'processing' }, { 'if-match': etag });
    const stale = await operator.patch(
      `/licences/${id}`,
      { status: 'refused', decisionDate: '2025-11-01' },
      { 'if-match': etag },
    );
    const granted = await operator.patch(
      `/licences/${id}`,
      { status: 'granted', decisionDate: '2025-11-20', customsStatus: 'in_progress' },
      { 'if-match': edited.headers.get('etag')! },
    );
    const history = await operator.get(`/licences/${id}/history`);
    const detail = await operator.get(`/licences/${id}`);

    expect(edited.status).toBe(200);
    expect(stale.status).toBe(412);
    expect(granted.status).toBe(200);
    expect(history.body.map((entry: { changes: object }) => Object.keys(entry.changes).sort())).toEqual([
      expect.any(Array),
      ['status'],
      ['customsStatus', 'decisionDate', 'status'],
    ]);
    expect(history.body[2].changes.status).toEqual({ from: 'processing', to: 'granted' });
    expect(detail.body).toMatchObject({
      status: 'granted',
      customsStatus: 'in_progress',
      history: { changes: 3 },
    });
  });

  it('imports licences from a CSV file: a dry run first, then for real', async () => {
    const operator = await h.operatorWithCompany();
    const numbers = [aLicence().licenceNumber, aLicence().licenceNumber];
    const csv = [
      'licenceNumber,licenceType,applicationDate,exporterName,sector,elements,productType,quantityKg,mofcomCentralLevel',
      ...numbers.map(
        (n) =>
          `${n},individual,2025-07-01,JL Mag Rare-Earth Co. Ltd.,automotive,dysprosium;terbium,magnets_ndfeb,500,true`,
      ),
    ].join('\r\n');

    const dryRun = await operator.post('/licences/import?dryRun=true', csv, { 'content-type': 'text/csv' });
    const real = await operator.post('/licences/import', csv, { 'content-type': 'text/csv' });
    const list = await operator.get('/licences');

    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ dryRun: true, total: 2, valid: 2, created: 0, failed: 0 });
    expect(real.body).toMatchObject({ dryRun: false, total: 2, created: 2, failed: 0 });
    expect(list.body.items.map((l: { licenceNumber: string }) => l.licenceNumber).sort()).toEqual(
      [...numbers].sort(),
    );
  });

  it('answers a retried create with the same Idempotency-Key with the first result', async () => {
    const operator = await h.operatorWithCompany();
    const licence = aLicence();

    const first = await operator.post('/licences', licence, { 'idempotency-key': 'retry-1' });
    const retried = await operator.post('/licences', licence, { 'idempotency-key': 'retry-1' });

    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
  });

  it('answers 422 naming every bad field, passed through from the licences service', async () => {
    const operator = await h.operatorWithCompany();

    const response = await operator.post('/licences', {
      ...aLicence(),
      quantityKg: -1,
      mofcomCentralLevel: false,
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'mofcomCentralLevel',
      'quantityKg',
    ]);
  });
});
