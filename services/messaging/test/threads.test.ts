import { randomUUID } from 'node:crypto';
import { licenceStatusChanged } from '@lmp/testing';
import { aUser, licenceTransferred, userJoined, userLeft } from './support/membership-events';
import { ApiClient, startHarness, type Harness } from './support/messaging-harness';

describe('threads between companies and the Commission', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  describe('POST /licences/:id/messages', () => {
    it('opens the licence’s thread with the first message, from either side', async () => {
      const company = await h.aCompany();
      const licence = await h.aLicence(company);
      const operator = company.users[0]!.api;

      const before = await operator.get(`/licences/${licence.id}/messages`);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ id: null, licenceId: licence.id, messages: [] });

      const posted = await operator.post(`/licences/${licence.id}/messages`, {
        body: 'Customs in Hamburg hold it.',
      });
      expect(posted.status).toBe(201);
      expect(posted.body).toMatchObject({
        body: 'Customs in Hamburg hold it.',
        author: { side: 'company', name: operator.identity.name },
        attachments: [],
      });

      const answer = await h
        .commission()
        .post(`/licences/${licence.id}/messages`, { body: 'We will raise it.' });
      expect(answer.status).toBe(201);
      expect(answer.body.threadId).toBe(posted.body.threadId);

      const thread = (await operator.get(`/licences/${licence.id}/messages`)).body;
      expect(thread).toMatchObject({
        id: posted.body.threadId,
        licenceId: licence.id,
        licenceNumber: licence.licenceNumber,
        companyId: company.id,
        subject: `Licence ${licence.licenceNumber}`,
        unread: 1,
      });
      expect(thread.messages.map((m: { body: string }) => m.body)).toEqual([
        'Customs in Hamburg hold it.',
        'We will raise it.',
      ]);
    });

    it('shows Commission staff to the company as "the Commission" only; the Commission sees who answered', async () => {
      const company = await h.aCompany();
      const licence = await h.aLicence(company);
      const staff = h.commission();
      await staff.post(`/licences/${licence.id}/messages`, { body: 'Please send the MOFCOM receipt.' });

      const seenByCompany = (await company.users[0]!.api.get(`/licences/${licence.id}/messages`)).body
        .messages[0];
      expect(seenByCompany.author).toEqual({ side: 'commission', name: 'the Commission' });
      expect(JSON.stringify(seenByCompany)).not.toContain(staff.identity.name);
      expect(JSON.stringify(seenByCompany)).not.toContain(staff.identity.email);

      const seenByCommission = (await h.commission().get(`/licences/${licence.id}/messages`)).body
        .messages[0];
      expect(seenByCommission.author).toEqual({
        side: 'commission',
        name: 'the Commission',
        staffName: staff.identity.name,
      });
      const [stored] = await h.sql('SELECT author_key, author_name FROM messages WHERE id = $1', [
        seenByCommission.id,
      ]);
      expect(stored).toEqual({
        author_key: staff.identity.email.toLowerCase(),
        author_name: staff.identity.name,
      });
    });

    it('refuses an empty or too long body with 422 naming the field, and writes nothing', async () => {
      const company = await h.aCompany();
      const licence = await h.aLicence(company);
      const operator = company.users[0]!.api;
      for (const body of [
        {},
        { body: '   ' },
        { body: 'x'.repeat(10_001) },
        { body: 42 },
        { body: 'ok', extra: 1 },
      ]) {
        const response = await operator.post(`/licences/${licence.id}/messages`, body);
        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(
          expect.arrayContaining([Object.keys(body).includes('extra') ? '' : 'body'].filter(Boolean)),
        );
      }
      expect(await h.sql('SELECT 1 FROM threads WHERE licence_id = $1', [licence.id])).toEqual([]);
    });

    it('returns the first message again for a retried POST with the same Idempotency-Key', async () => {
      const company = await h.aCompany();
      const licence = await h.aLicence(company);
      const operator = company.users[0]!.api;
      const key = randomUUID();
      const first = await operator.post(
        `/licences/${licence.id}/messages`,
        { body: 'Once' },
        { 'idempotency-key': key },
      );
      const again = await operator.post(
        `/licences/${licence.id}/messages`,
        { body: 'Once' },
        { 'idempotency-key': key },
      );
      expect(again.body.id).toBe(first.body.id);
      expect(await h.sql('SELECT id FROM messages WHERE thread_id = $1', [first.body.threadId])).toHaveLength(
        1,
      );
    });
  });

  describe('the tenant rule', () => {
    it('answers 404 for another company’s licence, thread and messages, and 403 without a company', async () => {
      const mine = await h.aCompany();
      const theirs = await h.aCompany();
      const theirLicence = await h.aLicence(theirs);
      const theirThread = (
        await theirs.users[0]!.api.post(`/licences/${theirLicence.id}/messages`, { body: 'Ours' })
      ).body.threadId;
      const operator = mine.users[0]!.api;

      const attempts = [
        await operator.get(`/licences/${theirLicence.id}/messages`),
        await operator.post(`/licences/${theirLicence.id}/messages`, { body: 'Let me in' }),
        await operator.get(`/messages/threads/${theirThread}`),
        await operator.post(`/messages/threads/${theirThread}/messages`, { body: 'Let me in' }),
        await operator.post(`/messages/threads/${theirThread}/read`, {}),
        await operator.get(`/messages/threads/${randomUUID()}`),
        await operator.get(`/licences/${randomUUID()}/messages`),
        await operator.get('/messages/threads/not-a-uuid'),
      ];
      expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
      expect((await operator.get(`/messages/threads?companyId=${theirs.id}`)).body.items).toEqual([]);

      const loner = h.operatorWithoutCompany();
      expect((await loner.get('/me/company/messages')).status).toBe(403);
      expect((await loner.post('/me/company/messages', { body: 'Hello' })).status).toBe(403);
      expect((await loner.get('/messages/threads')).status).toBe(403);
      expect((await operator.get('/messages')).status).toBe(403);
      expect((await theirs.users[0]!.api.get(`/messages/threads/${theirThread}`)).status).toBe(200);
    });

    it('takes a company’s threads away from a user who left it, whatever the order of the events', async () => {
      const company = await h.aCompany();
      const leaver = aUser();
      const licence = await h.aLicence(company);
      // The leaving arrives before the joining it ends (events may come in any order).
      await h.publishAndApply([userLeft(company.id, leaver, '2026-02-10T09:00:00.000Z')]);
      await h.publishAndApply([userJoined(company.id, leaver, '2026-01-10T09:00:00.000Z')]);
      const api = new ApiClient(h.service.url, {
        subject: `eulogin-${leaver.userId}`,
        email: leaver.email.toUpperCase(), // addresses compare case-insensitively
        name: leaver.name,
        role: 'operator',
      });
      expect((await api.get(`/licences/${licence.id}/messages`)).status).toBe(404);
      expect((await api.get('/me/company/messages')).status).toBe(403);

      await h.publishAndApply([userJoined(company.id, leaver, '2026-03-01T09:00:00.000Z')]); // invited back
      expect((await api.get(`/licences/${licence.id}/messages`)).status).toBe(200);
    });

    it('answers 401 without the gateway’s identity token', async () => {
      const response = await fetch(`${h.service.url}/api/v1/messages/threads`);
      expect(response.status).toBe(401);
    });

    it('moves the licence’s thread to the company it is transferred to', async () => {
      const from = await h.aCompany();
      const to = await h.aCompany();
      const licence = await h.aLicence(from);
      const posted = await from.users[0]!.api.post(`/licences/${licence.id}/messages`, {
        body: 'Ours for now',
      });
      await h.publishAndApply([licenceTransferred(licence, from.id, to.id, 3)]);

      expect((await from.users[0]!.api.get(`/messages/threads/${posted.body.threadId}`)).status).toBe(404);
      expect((await from.users[0]!.api.get(`/licences/${licence.id}/messages`)).status).toBe(404);
      const moved = await to.users[0]!.api.get(`/licences/${licence.id}/messages`);
      expect(moved.body).toMatchObject({ id: posted.body.threadId, companyId: to.id });

      // A late event of the old owner (an older version) does not move it back.
      await h.publishAndApply([
        licenceStatusChanged({ ...licence, companyId: from.id }, { version: 2, to: 'processing' }),
      ]);
      expect((await to.users[0]!.api.get(`/licences/${licence.id}/messages`)).body.companyId).toBe(to.id);
    });
  });

  describe('after a transfer (LicenceTransferred)', () => {
    it('shows the new holder the earlier holder’s staff as "Previous holder"; the Commission still sees who wrote', async () => {
      const from = await h.aCompany();
      const to = await h.aCompany();
      const licence = await h.aLicence(from);
      const oldStaff = from.users[0]!;
      await oldStaff.api.post(`/licences/${licence.id}/messages`, { body: 'Written by the first holder' });
      await h.commission().post(`/licences/${licence.id}/messages`, { body: 'Answered before the transfer' });
      const transfer = licenceTransferred(licence, from.id, to.id, 3);
      await h.publishAndApply([transfer]);
      await to.users[0]!.api.post(`/licences/${licence.id}/messages`, { body: 'Written by the new holder' });

      const seenByNewHolder = (await to.users[0]!.api.get(`/licences/${licence.id}/messages`)).body;
      expect(seenByNewHolder.messages.map((m: { author: unknown }) => m.author)).toEqual([
        { side: 'company', name: 'Previous holder' },
        { side: 'commission', name: 'the Commission' },
        { side: 'company', name: to.users[0]!.name },
      ]);
      expect(JSON.stringify(seenByNewHolder)).not.toContain(oldStaff.name);
      expect(JSON.stringify(seenByNewHolder)).not.toContain(oldStaff.email);
      expect(JSON.stringify(seenByNewHolder)).not.toContain(from.name);

      const seenByCommission = (await h.commission().get(`/licences/${licence.id}/messages`)).body;
      expect(seenByCommission.messages[0].author).toEqual({ side: 'company', name: oldStaff.name });
      const [thread] = await h.sql('SELECT transferred_at FROM threads WHERE licence_id = $1', [licence.id]);
      expect(thread!.transferred_at.toISOString()).toBe(
        (transfer.data as { transferredAt: string }).transferredAt,
      );
    });
  });

  describe('the general thread (/me/company/messages)', () => {
    it('is one per company, shared by its users, and reachable by id for the Commission', async () => {
      const company = await h.aCompany(2);
      const [anna, ben] = company.users;
      const first = await anna!.api.post('/me/company/messages', { body: 'A general question' });
      const second = await ben!.api.post('/me/company/messages', { body: 'And another' });
      expect(second.body.threadId).toBe(first.body.threadId);
      const thread = (await ben!.api.get('/me/company/messages')).body;
      expect(thread).toMatchObject({ id: first.body.threadId, licenceId: null, companyName: company.name });
      expect(thread.messages).toHaveLength(2);
      const viaId = await h.commission().get(`/messages/threads/${first.body.threadId}`);
      expect(viaId.body.messages).toHaveLength(2);
      expect((await h.commission().get('/me/company/messages')).status).toBe(403);
    });
  });

  describe('read markers and the inbox', () => {
    it('counts unread per side and marks read for the caller’s side only', async () => {
      const company = await h.aCompany(2);
      const [anna, ben] = company.users;
      const posted = await anna!.api.post('/me/company/messages', { body: 'One' });
      await anna!.api.post('/me/company/messages', { body: 'Two' });
      const threadId = posted.body.threadId;
      const commission = h.commission();

      const unreadForCommission = (await commission.get(`/messages?companyId=${company.id}`)).body.items[0];
      expect(unreadForCommission).toMatchObject({ id: threadId, unread: 2 });
      expect((await anna!.api.get('/messages/threads')).body.items[0]).toMatchObject({
        id: threadId,
        unread: 0,
      });

      await commission.post(`/messages/threads/${threadId}/messages`, { body: 'Answer' });
      expect((await ben!.api.get('/messages/threads')).body.items[0].unread).toBe(1);

      expect((await commission.post(`/messages/threads/${threadId}/read`, {})).status).toBe(204);
      expect((await commission.get(`/messages?companyId=${company.id}`)).body.items[0].unread).toBe(0);
      expect((await ben!.api.get('/messages/threads')).body.items[0].unread).toBe(1);

      await ben!.api.post(`/messages/threads/${threadId}/read`, {});
      expect((await anna!.api.get('/messages/threads')).body.items[0].unread).toBe(0);
    });

    it('lists the inbox unread first, then newest first, with filters and cursor pages', async () => {
      const a = await h.aCompany();
      const b = await h.aCompany();
      const c = await h.aCompany();
      const commission = h.commission();
      h.clock.set('2026-03-03T09:00:00.000Z');
      const readOld = (await a.users[0]!.api.post('/me/company/messages', { body: 'old, read' })).body
        .threadId;
      await commission.post(`/messages/threads/${readOld}/read`, {});
      h.clock.set('2026-03-03T10:00:00.000Z');
      const unreadOld = (await b.users[0]!.api.post('/me/company/messages', { body: 'old, unread' })).body
        .threadId;
      h.clock.set('2026-03-03T11:00:00.000Z');
      const licence = await h.aLicence(c);
      const readNew = (await c.users[0]!.api.post(`/licences/${licence.id}/messages`, { body: 'new, read' }))
        .body.threadId;
      await commission.post(`/messages/threads/${readNew}/read`, {});
      const ours = new Set([readOld, unreadOld, readNew]);

      const all = (await commission.get('/messages?limit=200')).body.items.filter((t: { id: string }) =>
        ours.has(t.id),
      );
      expect(all.map((t: { id: string }) => t.id)).toEqual([unreadOld, readNew, readOld]);

      const unread = (await commission.get('/messages?unread=true&limit=200')).body.items.map(
        (t: { id: string }) => t.id,
      );
      expect(unread).toContain(unreadOld);
      expect(unread).not.toContain(readNew);
      expect((await commission.get(`/messages?licenceId=${licence.id}`)).body).toMatchObject({
        items: [{ id: readNew, licenceId: licence.id }],
        total: 1,
        totalExact: true,
        nextCursor: null,
      });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await commission.get(
          `/messages?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.body.items.map((t) => t.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => ours.has(id))).toEqual([unreadOld, readNew, readOld]);

      const bad = await commission.get('/messages?limit=0&unread=maybe&cursor=nope');
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'unread']);
    });
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const response = await h.commission().request('DELETE', '/messages/threads');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
