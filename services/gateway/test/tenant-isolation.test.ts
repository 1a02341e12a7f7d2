import { randomUUID } from 'node:crypto';
import { newEvent } from '@lmp/contracts';
import { aLicence } from './support/builders';
import { startGatewayHarness, type GatewayHarness } from './support/gateway-harness';
import { waitUntil, type ApiResponse } from './support/http-client';

describe("company A's operator and company B's data", () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("gets 404 or 403 on every route with B's ids, and never B's data", async () => {
    const a = await h.operatorWithCompany();
    const b = await h.operatorWithCompany();
    const bCreated = await b.post(
      '/licences',
      aLicence({ exporter: { name: 'Beijing Zhong Ke San Huan High-Tech' } }),
    );
    const bLicence = bCreated.body;
    const bEtag = bCreated.headers.get('etag')!;
    await h.publish([
      newEvent(
        'MofcomFeedbackReceived',
        {
          feedbackId: randomUUID(),
          licenceNumber: bLicence.licenceNumber,
          status: 'granted',
          date: '2025-11-03',
        },
        { correlationId: 'feedback', actor: { type: 'system', id: 'transmissions' } },
      ),
    ]);
    const bConfirmation = await waitUntil(
      async () => (await b.get('/confirmations')).body.items[0],
      "B's confirmation request",
    );
    // Ids appear in the URLs A sends (and so in a problem's `instance`); the rest of B's data never may.
    const bData = [bLicence.licenceNumber, b.company.name, b.company.eori, b.email];
    const bIds = [bLicence.id, bConfirmation.id];
    const bBefore = (await b.get(`/licences/${bLicence.id}`)).body;

    const attempts: [string, Promise<ApiResponse>, number[]][] = [
      ['GET licence', a.get(`/licences/${bLicence.id}`), [404]],
      [
        'PATCH licence',
        a.patch(
          `/licences/${bLicence.id}`,
          { status: 'refused', decisionDate: '2025-11-04' },
          { 'if-match': bEtag },
        ),
        [404],
      ],
      ['GET history', a.get(`/licences/${bLicence.id}/history`), [404]],
      ['POST confirmation', a.post(`/confirmations/${bConfirmation.id}`, { decision: 'confirm' }), [404]],
      ['GET reports', a.get('/reports/summary'), [403]],
      ['GET export', a.get('/reports/export?format=csv'), [403]],
      ['GET batches', a.get('/transmissions/batches'), [403]],
      [
        'POST feedback',
        a.post('/transmissions/feedback', [
          { licenceNumber: bLicence.licenceNumber, status: 'refused', date: null },
        ]),
        [403],
      ],
      ['GET all threads', a.get('/messages'), [403]],
      // Messaging does not exist yet (503); when it does, its own tenant check must answer 404.
      ['GET messages of the licence', a.get(`/licences/${bLicence.id}/messages`), [404, 503]],
      [
        'POST message on the licence',
        a.post(`/licences/${bLicence.id}/messages`, { body: 'hello' }),
        [404, 503],
      ],
    ];
    for (const [what, pending, allowed] of attempts) {
      const response = await pending;
      expect({ what, allowed: allowed.includes(response.status) }).toEqual({ what, allowed: true });
      for (const secret of bData) expect(response.text).not.toContain(secret);
    }

    const lists = [
      await a.get('/licences?limit=200'),
      await a.get(`/licences?q=${encodeURIComponent(bLicence.licenceNumber)}`),
      await a.get('/confirmations'),
      await a.get('/me'),
    ];
    for (const response of lists) {
      expect(response.status).toBe(200);
      for (const secret of [...bData, ...bIds]) expect(response.text).not.toContain(secret);
    }

    const duplicate = await a.post('/licences', aLicence({ licenceNumber: bLicence.licenceNumber }));
    expect(duplicate.status).toBe(409);
    for (const secret of [b.company.name, b.company.eori, b.email, bLicence.id])
      expect(duplicate.text).not.toContain(secret);
    expect((await a.get('/licences')).body.total).toBe(0);
    const commission = await h.commission();
    const holders = await commission.get(`/licences?q=${encodeURIComponent(bLicence.licenceNumber)}`);
    expect(holders.body).toMatchObject({ total: 1, items: [{ id: bLicence.id }] });

    const untouched = await b.get(`/licences/${bLicence.id}`);
    expect(untouched.body).toMatchObject({
      status: 'pending',
      openConfirmations: [expect.objectContaining({ id: bConfirmation.id })],
    });
    // Nothing A sent changed B's licence, its history or its confirmation request.
    expect(untouched.body).toEqual(bBefore);
    expect((await b.get(`/licences/${bLicence.id}/history`)).body).toHaveLength(1);
  });

  it("lets the Commission read every company's licences but not edit them", async () => {
    const b = await h.operatorWithCompany();
    const licence = (await b.post('/licences', aLicence())).body;
    const commission = await h.commission();
    const unedited = (await b.get(`/licences/${licence.id}`)).body;

    const read = await commission.get(`/licences/${licence.id}`);
    const edit = await commission.patch(
      `/licences/${licence.id}`,
      { status: 'refused' },
      { 'if-match': read.headers.get('etag')! },
    );

    expect(read.status).toBe(200);
    expect(edit.status).toBe(403);
    expect((await b.get(`/licences/${licence.id}`)).body).toEqual(unedited);
    expect((await b.get(`/licences/${licence.id}/history`)).body).toHaveLength(1);
  });
});
