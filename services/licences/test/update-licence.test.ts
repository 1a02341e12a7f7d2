import { aLicence } from './support/builders';
import { startHarness, type Harness } from './support/licences-harness';

describe('PATCH /licences/{id}', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function registered() {
    const operator = await h.operatorWithCompany();
    const created = await operator.post('/licences', aLicence());
    return { operator, licence: created.body, etag: created.headers.get('etag')! };
  }

  it('changes the status with the current ETag and records who changed what in the history', async () => {
    const { operator, licence, etag } = await registered();

    const response = await operator.patch(
      `/licences/${licence.id}`,
      { status: 'granted', decisionDate: '2025-08-01' },
      { 'if-match': etag },
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'granted', decisionDate: '2025-08-01', version: 2 });
    expect(response.headers.get('etag')).not.toBe(etag);
    const history = await operator.get(`/licences/${licence.id}/history`);
    expect(history.body).toHaveLength(2);
    expect(history.body[1]).toMatchObject({
      actor: { name: operator.identity.name },
      changes: { status: { from: 'pending', to: 'granted' }, decisionDate: { from: null, to: '2025-08-01' } },
    });
    expect(history.body[0].changes.licenceNumber).toEqual({ from: null, to: licence.licenceNumber });
  });

  it('changes only the fields a PATCH names, keeping a decision, urgency and customs state', async () => {
    const operator = await h.operatorWithCompany();
    const created = await operator.post(
      '/licences',
      aLicence({
        status: 'granted',
        decisionDate: '2025-08-01',
        urgent: true,
        urgencyReason: 'Line stop in May',
        customsStatus: 'blocked',
        customsNote: 'Held in Hamburg',
      }),
    );

    const response = await operator.patch(`/licences/${created.body.id}`, { quantityKg: 200 });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      quantityKg: 200,
      status: 'granted',
      decisionDate: '2025-08-01',
      urgent: true,
      customsStatus: 'blocked',
      version: 2,
    });
    const history = (await operator.get(`/licences/${created.body.id}/history`)).body;
    expect(Object.keys(history[1].changes)).toEqual(['quantityKg']);
  });

  it('refuses an empty PATCH', async () => {
    const { operator, licence } = await registered();
    const response = await operator.patch(`/licences/${licence.id}`, {});
    expect(response.status).toBe(422);
    expect((await operator.get(`/licences/${licence.id}`)).body.version).toBe(1);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const { operator, licence, etag } = await registered();
    await operator.patch(`/licences/${licence.id}`, { status: 'processing' }, { 'if-match': etag });
    const before = (await operator.get(`/licences/${licence.id}`)).body;

    const response = await operator.patch(
      `/licences/${licence.id}`,
      { customsStatus: 'in_progress' },
      { 'if-match': etag },
    );

    expect(response.status).toBe(412);
    expect((await operator.get(`/licences/${licence.id}`)).body.customsStatus).toBe('not_started');
    expect((await operator.get(`/licences/${licence.id}`)).body).toEqual(before);
    expect((await operator.get(`/licences/${licence.id}/history`)).body).toHaveLength(2);
  });

  it('publishes LicenceUpdated with the changes, and LicenceStatusChanged and LicenceCustomsStatusChanged', async () => {
    const capture = await h.captureEvents([
      'LicenceUpdated',
      'LicenceStatusChanged',
      'LicenceCustomsStatusChanged',
    ]);
    const { operator, licence } = await registered();

    await operator.patch(`/licences/${licence.id}`, {
      status: 'refused',
      decisionDate: '2025-09-09',
      customsStatus: 'blocked',
      customsNote: 'Held at Rotterdam pending documents',
    });

    const mine = (e: { data: unknown }) => (e.data as { licenceId: string }).licenceId === licence.id;
    const updated = await capture.waitFor((e) => e.type === 'LicenceUpdated' && mine(e));
    expect(updated.data).toMatchObject({
      version: 2,
      changes: { status: { from: 'pending', to: 'refused' } },
    });
    const status = await capture.waitFor((e) => e.type === 'LicenceStatusChanged' && mine(e));
    expect(status.data).toMatchObject({
      version: 2,
      from: 'pending',
      to: 'refused',
      decisionDate: '2025-09-09',
    });
    const customs = await capture.waitFor((e) => e.type === 'LicenceCustomsStatusChanged' && mine(e));
    expect(customs.data).toMatchObject({
      from: 'not_started',
      to: 'blocked',
      note: 'Held at Rotterdam pending documents',
    });
  });

  it('refuses a change that breaks a rule and writes nothing', async () => {
    const { operator, licence } = await registered();

    const response = await operator.patch(`/licences/${licence.id}`, {
      status: 'granted',
      customsStatus: 'blocked',
    });

    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'customsNote',
      'decisionDate',
    ]);
    const after = await operator.get(`/licences/${licence.id}`);
    expect(after.body).toMatchObject({ status: 'pending', version: 1 });
    expect((await operator.get(`/licences/${licence.id}/history`)).body).toHaveLength(1);
  });

  it('refuses fields that cannot be edited', async () => {
    const { operator, licence } = await registered();
    const response = await operator.patch(`/licences/${licence.id}`, {
      licenceNumber: 'X-1',
      companyId: licence.id,
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'companyId',
      'licenceNumber',
    ]);
  });

  it('clears the decision date when a decision is withdrawn', async () => {
    const { operator, licence } = await registered();
    await operator.patch(`/licences/${licence.id}`, { status: 'granted', decisionDate: '2025-08-01' });
    const response = await operator.patch(`/licences/${licence.id}`, { status: 'processing' });
    expect(response.body).toMatchObject({ status: 'processing', decisionDate: null });
  });

  it('records nothing when nothing changes', async () => {
    const { operator, licence } = await registered();
    const response = await operator.patch(`/licences/${licence.id}`, { status: 'pending' });
    expect(response.body.version).toBe(1);
    expect((await operator.get(`/licences/${licence.id}/history`)).body).toHaveLength(1);
  });

  it('answers 304 to a conditional read of an unchanged licence', async () => {
    const { operator, licence } = await registered();
    const etag = (await operator.get(`/licences/${licence.id}`)).headers.get('etag')!;
    const response = await operator.get(`/licences/${licence.id}`, { 'if-none-match': etag });
    expect(response.status).toBe(304);
  });
});
