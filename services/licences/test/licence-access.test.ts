import { aLicence } from './support/builders';
import { startHarness, type Harness } from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

describe('who sees which licences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));

  it("answers 404 to every route with another company's licence, and never shows its data", async () => {
    const a = await h.operatorWithCompany();
    const b = await h.operatorWithCompany();
    const bLicence = (await b.post('/licences', aLicence())).body;
    const bBefore = (await b.get(`/licences/${bLicence.id}`)).body;
    const before = await storedRows();

    const attempts = await Promise.all([
      a.get(`/licences/${bLicence.id}`),
      a.patch(`/licences/${bLicence.id}`, { status: 'processing' }),
      a.get(`/licences/${bLicence.id}/history`),
    ]);

    for (const response of attempts) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain(bLicence.licenceNumber);
    }
    expect((await b.get(`/licences/${bLicence.id}`)).body.status).toBe('pending');
    expect((await b.get(`/licences/${bLicence.id}`)).body).toEqual(bBefore);
    expect((await b.get(`/licences/${bLicence.id}/history`)).body).toHaveLength(1);
    expect(await storedRows()).toEqual(before);
    const list = await a.get(`/licences?q=${encodeURIComponent(bLicence.licenceNumber)}`);
    expect(list.body).toMatchObject({ items: [], total: 0 });
  });

  it('answers 404 to an id that is not a licence id at all', async () => {
    const a = await h.operatorWithCompany();
    expect((await a.get('/licences/not-a-uuid')).status).toBe(404);
    expect((await a.get('/licences/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });

  it("lists only the caller's company's licences; the Commission sees all", async () => {
    const a = await h.operatorWithCompany();
    const b = await h.operatorWithCompany();
    const aLic = (await a.post('/licences', aLicence())).body;
    const bLic = (await b.post('/licences', aLicence())).body;

    const aIds = (await a.get('/licences')).body.items.map((l: { id: string }) => l.id);
    const all = (await h.commission().get('/licences?limit=200')).body.items.map((l: { id: string }) => l.id);

    expect(aIds).toEqual([aLic.id]);
    expect(all).toEqual(expect.arrayContaining([aLic.id, bLic.id]));
  });

  it("lets the Commission read a company's licence but not edit it", async () => {
    const a = await h.operatorWithCompany();
    const licence = (await a.post('/licences', aLicence())).body;
    const commission = h.commission();
    expect((await commission.get(`/licences/${licence.id}`)).status).toBe(200);
    const unedited = (await a.get(`/licences/${licence.id}`)).body;
    const before = await storedRows();
    expect((await commission.patch(`/licences/${licence.id}`, { status: 'processing' })).status).toBe(403);
    expect(await storedRows()).toEqual(before);
    expect((await a.get(`/licences/${licence.id}`)).body).toEqual(unedited);
    expect((await a.get(`/licences/${licence.id}/history`)).body).toHaveLength(1);
  });
});
