import { randomUUID } from 'node:crypto';
import { rawHeader, to } from './support/mail';
import { aPdf } from './support/files';
import { startHarness, type ApiClient, type Harness } from './support/messaging-harness';

describe('message requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  describe('a reused Idempotency-Key', () => {
    it('for another body or another thread is 422 idempotency-key-reused, and writes nothing', async () => {
      const company = await h.aCompany();
      const [licence, other] = [await h.aLicence(company), await h.aLicence(company)];
      const operator = company.users[0]!.api;
      const key = { 'idempotency-key': randomUUID() };
      const first = await operator.post(`/licences/${licence.id}/messages`, { body: 'Once' }, key);
      expect(first.status).toBe(201);

      const same = await operator.post(`/licences/${licence.id}/messages`, { body: 'Once' }, key);
      expect(same.body.id).toBe(first.body.id);
      for (const [path, body] of [
        [`/licences/${licence.id}/messages`, 'Something else'],
        [`/licences/${other.id}/messages`, 'Once'],
        ['/me/company/messages', 'Once'],
      ] as const) {
        const reused = await operator.post(path, { body }, key);
        expect(reused.status).toBe(422);
        expect(reused.body.type).toMatch(/idempotency-key-reused$/);
      }
      expect(
        await h.sql('SELECT 1 FROM messages WHERE author_key = $1', [operator.identity.email!.toLowerCase()]),
      ).toHaveLength(1);
    });
  });

  describe('a multipart message', () => {
    const post = async (path: string, form: FormData, api: ApiClient) =>
      fetch(`${h.service.url}/api/v1${path}`, { method: 'POST', headers: await api.headers(), body: form });

    it('with a field a message does not have is 422 naming it, like the JSON input', async () => {
      const company = await h.aCompany();
      const form = new FormData();
      form.append('body', 'Hello');
      form.append('subject', 'Not a field');
      form.append('attachment', new Blob([aPdf()], { type: 'application/pdf' }), 'a.pdf');
      const response = await post('/me/company/messages', form, company.users[0]!.api);
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(['attachment', 'subject']);
    });

    it('with more fields than a form may have is 422, none silently dropped', async () => {
      const company = await h.aCompany();
      const form = new FormData();
      for (let i = 0; i < 8; i++) form.append('body', `part ${i}`);
      const response = await post('/me/company/messages', form, company.users[0]!.api);
      expect(response.status).toBe(422);
      const problem = (await response.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['body', '(body)']);
      expect(await h.sql('SELECT 1 FROM threads WHERE company_id = $1', [company.id])).toEqual([]);
    });
  });

  describe('the one-click unsubscribe', () => {
    it('accepts the RFC 8058 POST as multipart/form-data (RFC 8058 §3.2)', async () => {
      const company = await h.aCompany();
      const user = company.users[0]!;
      await h
        .commission()
        .post(`/licences/${(await h.aLicence(company)).id}/messages`, { body: 'Multipart' });
      const [mail] = await h.mailsWhere(to(user.email));
      const link = rawHeader(mail!, 'List-Unsubscribe')!
        .slice(1, -1)
        .replace('https://licences.example.eu', h.service.url);
      const form = new FormData();
      form.append('List-Unsubscribe', 'One-Click');
      const response = await fetch(link, { method: 'POST', body: form });
      expect(response.status).toBe(200);
      expect((await user.api.get('/me/notifications')).body.newMessage).toBe('off');
    });
  });
});
