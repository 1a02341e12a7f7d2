import { aCompany } from './support/builders';
import { startHarness, type Harness } from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

describe('GET /me and PUT /me/company', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));

  it('creates the user on first sign-in, without a company', async () => {
    const api = h.client();
    const response = await api.get('/me');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      user: { email: api.identity.email, name: api.identity.name },
      role: 'operator',
      company: null,
    });
  });

  it('keeps one user per e-mail address', async () => {
    const api = h.client();
    const first = await api.get('/me');
    const again = await h.client({ email: api.identity.email, subject: 'another-subject' }).get('/me');
    expect(again.body.user.id).toBe(first.body.user.id);
  });

  it('registers the company on the first PUT, updates it on the next, and publishes both', async () => {
    const capture = await h.captureEvents(['CompanyRegistered', 'CompanyUpdated']);
    const api = h.client();
    const company = aCompany({ sme: true, memberState: 'FR', country: 'FR' });

    const created = await api.put('/me/company', company);
    const updated = await api.put('/me/company', { ...company, name: 'Renamed SAS' });

    expect(created.status).toBe(201);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      name: 'Renamed SAS',
      sme: true,
      memberState: 'FR',
    });
    expect((await api.get('/me')).body.company).toMatchObject({ id: created.body.id, name: 'Renamed SAS' });
    await capture.waitFor(
      (e) => e.type === 'CompanyRegistered' && (e.data as any).companyId === created.body.id,
    );
    await capture.waitFor((e) => e.type === 'CompanyUpdated' && (e.data as any).name === 'Renamed SAS');
  });

  it('refuses an EORI number another company holds', async () => {
    const company = aCompany();
    const holder = h.client();
    const held = (await holder.put('/me/company', company)).body;
    const other = h.client();
    await other.get('/me');
    const before = await storedRows();
    const response = await other.put('/me/company', { ...company, name: 'Other' });
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'eori' })]);
    expect(await storedRows()).toEqual(before);
    expect((await other.get('/me')).body.company).toBeNull();
    expect((await holder.get('/me')).body.company).toEqual(held);
  });

  it('makes one company when the first save is sent twice at once', async () => {
    const api = h.client();
    const responses = await Promise.all([
      api.put('/me/company', aCompany()),
      api.put('/me/company', aCompany()),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(responses[0]!.body.id).toBe(responses[1]!.body.id);
  });

  it.each([
    [{ eori: '12345' }, 'eori'],
    [{ memberState: 'CH' }, 'memberState'],
    [{ sme: 'yes' }, 'sme'],
    [{ sector: 'mining' }, 'sector'],
    [{ name: '' }, 'name'],
    [{ vat: 'x' }, 'vat'],
  ])('refuses %j naming the field', async (overrides, field) => {
    const response = await h.client().put('/me/company', { ...aCompany(), ...overrides });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses a company for Commission staff', async () => {
    const commission = h.commission();
    await commission.get('/me');
    const before = await storedRows();
    expect((await commission.put('/me/company', aCompany())).status).toBe(403);
    expect(await storedRows()).toEqual(before);
    expect((await commission.get('/me')).body.company).toBeNull();
  });
});
