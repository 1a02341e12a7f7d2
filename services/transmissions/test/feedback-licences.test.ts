import { randomUUID } from 'node:crypto';
import {
  aCompany,
  aLicence,
  anIdentity,
  createTestDatabase,
  identityHeaders,
  JsonApiClient,
  startServiceProcess,
  waitUntil,
  type ServiceProcess,
  type TestDatabase,
} from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/transmissions-harness';

/**
 * The whole path with the licences service as its own process on the same vhost: a licence
 * registered there reaches this projection, MOFCOM feedback about it becomes a confirmation
 * request for its company, and the company's correction comes back as a discrepancy.
 */
describe('MOFCOM feedback with the licences service', () => {
  let h: Harness;
  let licencesDb: TestDatabase;
  let licences: ServiceProcess;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    licencesDb = await createTestDatabase({ services: ['licences'] });
    licences = await startServiceProcess({
      workspace: 'services/licences',
      env: {
        DATABASE_URL: licencesDb.urlFor('licences'),
        RABBITMQ_URL: h.vhost.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        OUTBOX_POLL_INTERVAL_MS: '200',
        DATABASE_POOL_SIZE: '4',
        METRICS_PORT: '0',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await licences?.stop();
    await licencesDb?.drop();
    await h?.stop();
  });

  /** An operator of a new company, calling the licences service as the gateway would. */
  async function operatorWithCompany() {
    const identity = anIdentity();
    const api = new JsonApiClient(licences.url, () => identityHeaders(identity));
    const company = await api.put('/me/company', aCompany());
    expect(company.status).toBe(201);
    return api;
  }

  it('asks the company to confirm, and keeps its correction as a discrepancy', async () => {
    const operator = await operatorWithCompany();
    const registered = await operator.post('/licences', aLicence());
    expect(registered.status).toBe(201);
    const licence = registered.body;
    await waitUntil(
      async () => (await h.sql('SELECT 1 FROM licences WHERE id = $1', [licence.id])).length === 1,
      'the licence in the transmissions projection',
    );

    const feedback = await commission.post('/transmissions/feedback', {
      rows: [
        {
          licenceNumber: licence.licenceNumber.toLowerCase().replace(/-/g, ' '),
          status: 'granted',
          date: '2026-03-20',
        },
      ],
    });

    expect(feedback.body.rows).toEqual([
      expect.objectContaining({ outcome: 'matched', licenceId: licence.id }),
    ]);
    const request = await waitUntil(async () => {
      const open = (await operator.get('/confirmations')).body.items;
      return open.find((c: { licenceId: string }) => c.licenceId === licence.id);
    }, 'the confirmation request on licences');
    expect(request).toMatchObject({
      licenceNumber: licence.licenceNumber,
      reportedStatus: 'granted',
      reportedDate: '2026-03-20',
    });

    const comment = `Still processing at MOFCOM (${randomUUID().slice(0, 8)})`;
    const answer = await operator.post(`/confirmations/${request.id}`, {
      decision: 'correct',
      status: 'processing',
      comment,
    });
    expect(answer.status).toBe(200);

    const discrepancy = await waitUntil(async () => {
      const items = (await commission.get('/transmissions/discrepancies')).body.items;
      return items.find((d: { confirmationId: string }) => d.confirmationId === request.id);
    }, 'the discrepancy in transmissions');
    expect(discrepancy).toMatchObject({
      licenceId: licence.id,
      licenceNumber: licence.licenceNumber,
      reportedStatus: 'granted',
      reportedDate: '2026-03-20',
      confirmedStatus: 'processing',
      comment,
    });

    // The same feedback again asks nobody anything: the fact was received before.
    const again = await commission.post('/transmissions/feedback', {
      rows: [{ licenceNumber: licence.licenceNumber, status: 'granted', date: '2026-03-20' }],
    });
    expect(again.body.counts).toEqual({ matched: 0, unmatched: 0, invalid: 0, unchanged: 1 });
  });
});
