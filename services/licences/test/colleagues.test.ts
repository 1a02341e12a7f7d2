import { randomUUID } from 'node:crypto';
import { aCompany, aLicence } from './support/builders';
import { startHarness, type ApiClient, type Harness } from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

const unique = () => randomUUID().slice(0, 8);
const anAddress = () => `colleague.${unique()}@company-${unique()}.example`;

describe('company colleagues', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));
  const remove = (api: ApiClient, path: string) => api.request('DELETE', path);

  /** An admin with a company, and a colleague who accepted their invitation (signed in once). */
  async function companyWithMember() {
    const admin = await h.operatorWithCompany();
    const email = anAddress();
    expect((await admin.post('/me/company/invitations', { email })).status).toBe(201);
    const member = h.client({ email });
    expect((await member.get('/me')).body.company?.id).toBe(admin.company.id);
    return { admin, member, memberId: (await member.get('/me')).body.user.id as string };
  }

  describe('the first user', () => {
    it("is the company's admin, and joins it by an event", async () => {
      const capture = await h.captureEvents(['UserJoinedCompany']);
      const admin = await h.operatorWithCompany();

      const me = (await admin.get('/me')).body;
      const members = await admin.get('/me/company/members');

      expect(me.companyRole).toBe('admin');
      expect(members.status).toBe(200);
      expect(members.body.items).toEqual([
        {
          id: me.user.id,
          email: admin.identity.email,
          name: admin.identity.name,
          role: 'admin',
          joinedAt: expect.any(String),
        },
      ]);
      const joined = await capture.waitFor((e) => (e.data as any).userId === me.user.id);
      expect(joined.data).toMatchObject({ companyId: admin.company.id, role: 'admin', backfill: false });
    });

    it("tells a second employee to ask the company's admin for an invitation, naming no one", async () => {
      const company = aCompany();
      const admin = h.client();
      expect((await admin.put('/me/company', company)).status).toBe(201);
      const colleague = h.client();
      await colleague.get('/me');
      const before = await storedRows();

      const response = await colleague.put('/me/company', { ...company, name: 'Same company, typed again' });

      expect(response.status).toBe(409);
      expect(response.body.detail).toMatch(/ask your company's admin to invite you/i);
      expect(response.body.errors).toEqual([
        { field: 'eori', message: expect.stringMatching(/ask your company's admin for an invitation/) },
      ]);
      for (const secret of [company.name, admin.identity.email, admin.identity.name]) {
        expect(response.text).not.toContain(secret);
      }
      expect(await storedRows()).toEqual(before);
    });
  });

  describe('invitations', () => {
    it('lets the invitee join on their first request and see and edit the company licences', async () => {
      const admin = await h.operatorWithCompany();
      const licence = (await admin.post('/licences', aLicence())).body;
      const email = anAddress();
      const capture = await h.captureEvents(['CompanyInvitationCreated', 'UserJoinedCompany']);

      const invited = await admin.post('/me/company/invitations', { email: email.toUpperCase() });
      const open = await admin.get('/me/company/invitations');
      // Signs in with the same address as EU Login spells it (another case): it is the same address.
      const invitee = h.client({ email: email.replace(/^c/, 'C') });
      const list = await invitee.get('/licences');
      const me = (await invitee.get('/me')).body;
      const edit = await invitee.patch(`/licences/${licence.id}`, { status: 'processing' });
      const history = (await admin.get(`/licences/${licence.id}/history`)).body;

      expect(invited.status).toBe(201);
      expect(invited.body).toMatchObject({ email, invitedBy: { name: admin.identity.name } });
      expect(Date.parse(invited.body.expiresAt) - Date.parse(invited.body.createdAt)).toBe(
        14 * 24 * 3600 * 1000,
      );
      expect(open.body.items).toEqual([invited.body]);
      expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([licence.id]);
      expect(me).toMatchObject({ company: { id: admin.company.id }, companyRole: 'member' });
      expect(edit.status).toBe(200);
      expect(history.map((e: { actor: { name: string } }) => e.actor.name)).toEqual([
        admin.identity.name,
        invitee.identity.name,
      ]);
      expect((await admin.get('/me/company/members')).body.items).toEqual([
        expect.objectContaining({ email: admin.identity.email, role: 'admin' }),
        expect.objectContaining({ id: me.user.id, email, role: 'member' }),
      ]);
      expect((await admin.get('/me/company/invitations')).body.items).toEqual([]);
      const created = await capture.waitFor(
        (e) => e.type === 'CompanyInvitationCreated' && (e.data as any).invitationId === invited.body.id,
      );
      expect(created.data).toMatchObject({
        invitationId: invited.body.id,
        companyId: admin.company.id,
        companyName: admin.company.name,
        email,
        expiresAt: invited.body.expiresAt,
      });
      const joined = await capture.waitFor(
        (e) => e.type === 'UserJoinedCompany' && (e.data as any).userId === me.user.id,
      );
      expect(joined.data).toMatchObject({ companyId: admin.company.id, role: 'member', backfill: false });
    });

    it('cannot be accepted by another address', async () => {
      const admin = await h.operatorWithCompany();
      await admin.post('/licences', aLicence());
      const email = anAddress();
      await admin.post('/me/company/invitations', { email });

      for (const other of [`x${email}`, email.replace('@', '+1@'), `${email}.evil.example`]) {
        const stranger = h.client({ email: other });
        expect((await stranger.get('/me')).body).toMatchObject({ company: null, companyRole: null });
        expect((await stranger.get('/licences')).body).toMatchObject({ items: [], total: 0 });
      }
      expect((await admin.get('/me/company/members')).body.items).toHaveLength(1);
      expect((await admin.get('/me/company/invitations')).body.items).toEqual([
        expect.objectContaining({ email }),
      ]);
    });

    it('cannot be accepted once expired', async () => {
      const admin = await h.operatorWithCompany();
      await admin.post('/licences', aLicence());
      const email = anAddress();
      const { id } = (await admin.post('/me/company/invitations', { email })).body;
      // Fourteen days pass.
      await h.db.query(
        `UPDATE company_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [id],
      );

      const invitee = h.client({ email });

      expect((await invitee.get('/me')).body).toMatchObject({ company: null, companyRole: null });
      expect((await invitee.get('/licences')).body.items).toEqual([]);
      expect((await admin.get('/me/company/invitations')).body.items).toEqual([]);
      expect((await admin.get('/me/company/members')).body.items).toHaveLength(1);
      // Expired, it can be sent again.
      expect((await admin.post('/me/company/invitations', { email })).status).toBe(201);
      expect((await invitee.get('/me')).body.companyRole).toBe('member');
    });

    it('cannot be accepted once revoked, and is no longer listed', async () => {
      const admin = await h.operatorWithCompany();
      await admin.post('/licences', aLicence());
      const email = anAddress();
      const { id } = (await admin.post('/me/company/invitations', { email })).body;

      const revoked = await remove(admin, `/me/company/invitations/${id}`);
      const again = await remove(admin, `/me/company/invitations/${id}`);
      const invitee = h.client({ email });

      expect(revoked.status).toBe(204);
      expect(again.status).toBe(204);
      expect((await invitee.get('/me')).body).toMatchObject({ company: null, companyRole: null });
      expect((await invitee.get('/licences')).body.items).toEqual([]);
      expect((await admin.get('/me/company/invitations')).body.items).toEqual([]);
    });

    it('refuses to revoke an accepted invitation, or one of another company', async () => {
      const admin = await h.operatorWithCompany();
      const email = anAddress();
      const { id } = (await admin.post('/me/company/invitations', { email })).body;
      await h.client({ email }).get('/me');
      const other = await h.operatorWithCompany();
      const pending = (await other.post('/me/company/invitations', { email: anAddress() })).body;

      expect((await remove(admin, `/me/company/invitations/${id}`)).status).toBe(409);
      expect((await remove(admin, `/me/company/invitations/${pending.id}`)).status).toBe(404);
      expect((await remove(admin, '/me/company/invitations/not-an-id')).status).toBe(404);
      expect((await other.get('/me/company/invitations')).body.items).toEqual([pending]);
    });

    it('refuses an address that already belongs to a company, without saying which', async () => {
      const admin = await h.operatorWithCompany();
      const elsewhere = await h.operatorWithCompany();
      const before = await storedRows();

      const responses = [
        await admin.post('/me/company/invitations', { email: elsewhere.identity.email.toUpperCase() }),
        await admin.post('/me/company/invitations', { email: admin.identity.email }),
      ];

      for (const response of responses) {
        expect(response.status).toBe(409);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
        expect(response.text).not.toContain(elsewhere.company.name);
        expect(response.text).not.toContain(elsewhere.company.id);
      }
      expect(await storedRows()).toEqual(before);
    });

    it('refuses a second open invitation to the same address', async () => {
      const admin = await h.operatorWithCompany();
      const email = anAddress();
      await admin.post('/me/company/invitations', { email });
      const second = await admin.post('/me/company/invitations', { email });
      expect(second.status).toBe(409);
      expect((await admin.get('/me/company/invitations')).body.items).toHaveLength(1);
    });

    it.each([
      [{ email: 'not-an-address' }, 'email'],
      [{}, 'email'],
      [{ email: anAddress(), role: 'admin' }, 'role'],
    ])('refuses %j naming the field', async (body, field) => {
      const admin = await h.operatorWithCompany();
      const response = await admin.post('/me/company/invitations', body);
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('lets only admins invite, list and revoke invitations', async () => {
      const { admin, member } = await companyWithMember();
      const { id } = (await admin.post('/me/company/invitations', { email: anAddress() })).body;
      const [commission, companyless] = [h.commission(), h.client()];
      await Promise.all([commission.get('/me'), companyless.get('/me')]);
      const before = await storedRows();

      const attempts = [
        await member.post('/me/company/invitations', { email: anAddress() }),
        await member.get('/me/company/invitations'),
        await remove(member, `/me/company/invitations/${id}`),
        await commission.post('/me/company/invitations', { email: anAddress() }),
        await companyless.post('/me/company/invitations', { email: anAddress() }),
      ];

      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      expect(attempts[0]!.body.type).toMatch(/company-admin-required$/);
      expect(await storedRows()).toEqual(before);
      expect((await admin.get('/me/company/invitations')).body.items).toHaveLength(1);
    });
  });

  describe('admins', () => {
    it('promote a colleague, who can then invite', async () => {
      const { admin, member, memberId } = await companyWithMember();

      const promoted = await admin.patch(`/me/company/members/${memberId}`, { role: 'admin' });

      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ id: memberId, role: 'admin' });
      expect((await member.get('/me')).body.companyRole).toBe('admin');
      expect((await member.post('/me/company/invitations', { email: anAddress() })).status).toBe(201);
    });

    it('never demote or remove the last admin', async () => {
      const { admin } = await companyWithMember();
      const adminId = (await admin.get('/me')).body.user.id;
      const before = await storedRows();

      const demote = await admin.patch(`/me/company/members/${adminId}`, { role: 'member' });
      const leave = await remove(admin, `/me/company/members/${adminId}`);

      for (const response of [demote, leave]) {
        expect(response.status).toBe(409);
        expect(response.body.type).toMatch(/last-company-admin$/);
      }
      expect(await storedRows()).toEqual(before);
      expect((await admin.get('/me')).body.companyRole).toBe('admin');
    });

    it('may step down once another admin exists', async () => {
      const { admin, member, memberId } = await companyWithMember();
      const adminId = (await admin.get('/me')).body.user.id;
      await admin.patch(`/me/company/members/${memberId}`, { role: 'admin' });

      expect((await admin.patch(`/me/company/members/${adminId}`, { role: 'member' })).status).toBe(200);
      expect((await admin.get('/me')).body.companyRole).toBe('member');
      expect((await member.patch(`/me/company/members/${memberId}`, { role: 'member' })).status).toBe(409);
    });

    it('keep one admin when two demote each other at the same moment', async () => {
      const { admin, member, memberId } = await companyWithMember();
      const adminId = (await admin.get('/me')).body.user.id;
      await admin.patch(`/me/company/members/${memberId}`, { role: 'admin' });

      const responses = await Promise.all([
        admin.patch(`/me/company/members/${memberId}`, { role: 'member' }),
        member.patch(`/me/company/members/${adminId}`, { role: 'member' }),
      ]);

      expect(responses.map((r) => r.status).sort()).toEqual([200, 403]);
      const roles = (await admin.get('/me/company/members')).body.items.map((m: { role: string }) => m.role);
      expect(roles.filter((role: string) => role === 'admin')).toHaveLength(1);
    });

    it('are the only ones who change roles, remove colleagues or edit the company', async () => {
      const { admin, member } = await companyWithMember();
      const adminId = (await admin.get('/me')).body.user.id;
      const before = await storedRows();

      const attempts = [
        await member.patch(`/me/company/members/${adminId}`, { role: 'member' }),
        await remove(member, `/me/company/members/${adminId}`),
        await member.put('/me/company', { ...aCompany(), eori: admin.company.eori }),
      ];

      expect(attempts.map((r) => r.status)).toEqual([403, 403, 403]);
      expect(await storedRows()).toEqual(before);
      expect((await member.get('/me/company/members')).status).toBe(200);
    });

    it("answer 404 for someone who is not the company's colleague", async () => {
      const admin = await h.operatorWithCompany();
      const stranger = await h.operatorWithCompany();
      const strangerId = (await stranger.get('/me')).body.user.id;

      expect((await admin.patch(`/me/company/members/${strangerId}`, { role: 'member' })).status).toBe(404);
      expect((await remove(admin, `/me/company/members/${strangerId}`)).status).toBe(404);
      expect((await remove(admin, '/me/company/members/not-an-id')).status).toBe(404);
      expect((await stranger.get('/me')).body).toMatchObject({
        company: { id: stranger.company.id },
        companyRole: 'admin',
      });
    });

    it.each([[{ role: 'owner' }], [{}], [{ role: 'admin', extra: true }]])(
      'refuse the role change %j naming the field',
      async (body) => {
        const { admin, memberId } = await companyWithMember();
        const response = await admin.patch(`/me/company/members/${memberId}`, body);
        expect(response.status).toBe(422);
        expect(response.body.errors.length).toBeGreaterThan(0);
      },
    );
  });

  describe('a removed colleague', () => {
    it("keeps their account but loses the company's licences from the next request on", async () => {
      const { admin, member, memberId } = await companyWithMember();
      const licence = (await admin.post('/licences', aLicence())).body;
      expect((await member.get(`/licences/${licence.id}`)).status).toBe(200);
      const capture = await h.captureEvents(['UserLeftCompany']);

      const removed = await remove(admin, `/me/company/members/${memberId}`);

      expect(removed.status).toBe(204);
      const attempts = [
        await member.get(`/licences/${licence.id}`),
        await member.patch(`/licences/${licence.id}`, { status: 'processing' }),
        await member.get(`/licences/${licence.id}/history`),
      ];
      expect(attempts.map((r) => r.status)).toEqual([404, 404, 404]);
      expect((await member.get('/licences')).body).toMatchObject({ items: [], total: 0 });
      expect((await member.get('/me')).body).toMatchObject({
        user: { id: memberId },
        company: null,
        companyRole: null,
      });
      expect((await member.get('/me/company/members')).status).toBe(403);
      expect((await admin.get('/me/company/members')).body.items).toHaveLength(1);
      const left = await capture.waitFor((e) => (e.data as any).userId === memberId);
      expect(left.data).toMatchObject({
        companyId: admin.company.id,
        email: member.identity.email,
        reason: 'removed',
        removedBy: (await admin.get('/me')).body.user.id,
      });
    });

    it('can be invited again', async () => {
      const { admin, member, memberId } = await companyWithMember();
      await remove(admin, `/me/company/members/${memberId}`);

      expect((await admin.post('/me/company/invitations', { email: member.identity.email })).status).toBe(
        201,
      );
      expect((await member.get('/me')).body).toMatchObject({ user: { id: memberId }, companyRole: 'member' });
    });
  });

  describe('tenants, with several members per company', () => {
    it("shows every member their own company's licences and answers 404 to the other's", async () => {
      const a = await companyWithMember();
      const b = await companyWithMember();
      const aLic = (await a.member.post('/licences', aLicence())).body;
      const bLic = (await b.admin.post('/licences', aLicence())).body;

      for (const [own, theirs] of [
        [[a.admin, a.member], bLic],
        [[b.admin, b.member], aLic],
      ] as const) {
        const mine = theirs === bLic ? aLic : bLic;
        for (const api of own) {
          expect((await api.get('/licences')).body.items.map((l: { id: string }) => l.id)).toEqual([mine.id]);
          expect((await api.get(`/licences/${mine.id}`)).status).toBe(200);
          const attempts = [
            await api.get(`/licences/${theirs.id}`),
            await api.patch(`/licences/${theirs.id}`, { status: 'processing' }),
            await api.get(`/licences/${theirs.id}/history`),
          ];
          expect(attempts.map((r) => r.status)).toEqual([404, 404, 404]);
          for (const response of attempts) expect(response.text).not.toContain(theirs.licenceNumber);
        }
      }
      const aMembers = (await a.member.get('/me/company/members')).body.items.map(
        (m: { email: string }) => m.email,
      );
      expect(aMembers).toEqual([a.admin.identity.email, a.member.identity.email]);
      expect(aMembers).not.toContain(b.admin.identity.email);
    });
  });
});
