import { randomUUID } from 'node:crypto';
import {
  aCompany,
  aLicence,
  createTestDatabase,
  JsonApiClient,
  startServiceProcess,
  waitUntil,
  type ServiceProcess,
  type TestDatabase,
} from '@lmp/testing';
import { aPdf } from './support/files';
import { userJoined } from './support/membership-events';
import { startHarness, type Harness } from './support/messaging-harness';
import { accessTokenFor, startIssuerProcess, type IssuerProcess } from './support/platform-processes';

/**
 * The tenant matrix end to end: real EU Login tokens from the development issuer, the gateway
 * and the licences service as their own processes, this service behind the gateway. Companies
 * and licences are registered through the gateway (licences publishes them to messaging).
 */
describe('messaging behind the gateway', () => {
  let h: Harness;
  let issuer: IssuerProcess;
  let licencesDb: TestDatabase;
  let licences: ServiceProcess;
  let gateway: ServiceProcess;

  beforeAll(async () => {
    h = await startHarness();
    issuer = await startIssuerProcess();
    licencesDb = await createTestDatabase({ services: ['licences'] });
    const common = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', METRICS_PORT: '0' };
    licences = await startServiceProcess({
      workspace: 'services/licences',
      env: {
        ...common,
        DATABASE_URL: licencesDb.urlFor('licences'),
        RABBITMQ_URL: h.vhost.url,
        OUTBOX_POLL_INTERVAL_MS: '200',
        DATABASE_POOL_SIZE: '4',
      },
    });
    gateway = await startServiceProcess({
      workspace: 'services/gateway',
      env: {
        ...common,
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: 'lmp-gateway',
        LICENCES_URL: licences.url,
        MESSAGING_URL: h.service.url,
        RATE_LIMIT_PER_USER: '100000',
        RATE_LIMIT_PER_ADDRESS: '100000',
      },
    });
  }, 90_000);
  afterAll(async () => {
    await gateway?.stop();
    await licences?.stop();
    await licencesDb?.drop();
    await issuer?.stop();
    await h?.stop();
  });

  async function signedIn(email: string, name: string) {
    const token = await accessTokenFor(issuer.issuer, email, name);
    return Object.assign(new JsonApiClient(gateway.url, () => ({ authorization: `Bearer ${token}` })), {
      token,
    });
  }

  /** An operator whose company and licence were registered through the gateway. */
  async function operatorWithLicence() {
    const id = randomUUID().slice(0, 8);
    const email = `anna.${id}@autoteile-${id}.example`;
    const api = await signedIn(email, `Anna ${id}`);
    const company = await api.put('/me/company', aCompany());
    expect(company.status).toBe(201);
    // As the licences service announces a member (UserJoinedCompany) to messaging.
    await h.publishAndApply([
      userJoined(company.body.id, { userId: randomUUID(), email, name: `Anna ${id}` }),
    ]);
    const licence = await api.post('/licences', aLicence());
    expect(licence.status).toBe(201);
    await waitUntil(
      async () => (await api.get(`/licences/${licence.body.id}/messages`)).status === 200,
      'the licence in messaging’s projection',
    );
    return {
      api,
      token: api.token,
      companyId: company.body.id as string,
      licenceId: licence.body.id as string,
    };
  }

  it('keeps each company to its own threads, messages and files; the Commission sees all', async () => {
    const a = await operatorWithLicence();
    const b = await operatorWithLicence();
    const staff = await signedIn(`analyst.${randomUUID().slice(0, 8)}@ec.europa.eu`, 'Claire Analyst');

    const posted = await a.api.post(`/licences/${a.licenceId}/messages`, { body: 'Blocked in Rotterdam' });
    expect(posted.status).toBe(201);
    const threadId = posted.body.threadId;
    const form = new FormData();
    form.append('body', 'The MOFCOM decision');
    form.append('files', new Blob([aPdf()], { type: 'application/pdf' }), 'decision.pdf');
    const upload = await fetch(`${gateway.url}/api/v1/me/company/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    const attachmentId = ((await upload.json()) as { attachments: { id: string }[] }).attachments[0]!.id;

    // Another company: everything of A's is "not found", its own lists are empty of A's threads.
    expect((await b.api.get(`/licences/${a.licenceId}/messages`)).status).toBe(404);
    expect((await b.api.post(`/licences/${a.licenceId}/messages`, { body: 'Hi' })).status).toBe(404);
    expect((await b.api.get(`/messages/threads/${threadId}`)).status).toBe(404);
    expect((await b.api.post(`/messages/threads/${threadId}/messages`, { body: 'Hi' })).status).toBe(404);
    expect((await b.api.post(`/messages/threads/${threadId}/read`, {})).status).toBe(404);
    const download = await fetch(`${gateway.url}/api/v1/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${b.token}` },
    });
    expect(download.status).toBe(404);
    const bThreads = (await b.api.get('/messages/threads')).body.items.map((t: { id: string }) => t.id);
    expect(bThreads).not.toContain(threadId);
    // The Commission's inbox and broadcasts are the Commission's (the gateway answers 403).
    expect((await b.api.get('/messages')).status).toBe(403);
    expect((await b.api.post('/messages/broadcasts', { subject: 'x', body: 'y' })).status).toBe(403);

    // The owner and the Commission.
    expect((await a.api.get(`/messages/threads/${threadId}`)).body.messages).toHaveLength(1);
    const mine = await fetch(`${gateway.url}/api/v1/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    const inbox = await staff.get(`/messages?companyId=${a.companyId}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toContain(threadId);
    const answer = await staff.post(`/messages/threads/${threadId}/messages`, { body: 'We are on it.' });
    expect(answer.status).toBe(201);
    const seenByA = (await a.api.get(`/licences/${a.licenceId}/messages`)).body.messages[1];
    expect(seenByA.author).toEqual({ side: 'commission', name: 'the Commission' });
  }, 60_000);

  it('answers 401 without a token, and lets the unsubscribe link through without one', async () => {
    expect((await fetch(`${gateway.url}/api/v1/messages/threads`)).status).toBe(401);
    const unsubscribe = await fetch(`${gateway.url}/api/v1/notifications/unsubscribe?token=forged`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(400);
    expect(unsubscribe.headers.get('content-type')).toContain('application/problem+json');
  });
});
