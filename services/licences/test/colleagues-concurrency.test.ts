import { randomUUID } from 'node:crypto';
import { aCompany, aLicence } from './support/builders';
import { startHarness, type ApiClient, type Harness } from './support/licences-harness';

const unique = () => randomUUID().slice(0, 8);
const anAddress = () => `colleague.${unique()}@company-${unique()}.example`;

describe('company colleagues: invitations of admins who leave, and concurrent requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const userIdOf = async (api: ApiClient) => (await api.get('/me')).body.user.id as string;

  /** Admin A, and B whom A invited and made admin: two admins of one company. */
  async function twoAdmins() {
    const a = await h.operatorWithCompany();
    const bEmail = anAddress();
    expect((await a.post('/me/company/invitations', { email: bEmail })).status).toBe(201);
    const b = h.client({ email: bEmail });
    const bId = await userIdOf(b);
    expect((await a.patch(`/me/company/members/${bId}`, { role: 'admin' })).status).toBe(200);
    return { a, aId: await userIdOf(a), b, bId };
  }

  describe("an admin's open invitations", () => {
    it('stop working when the admin is removed: the invitee signs in without a company', async () => {
      const { a, aId, b } = await twoAdmins();
      const alt = anAddress();
      const invitation = (await a.post('/me/company/invitations', { email: alt })).body;

      expect((await b.request('DELETE', `/me/company/members/${aId}`)).status).toBe(204);
      const invitee = h.client({ email: alt });
      const me = (await invitee.get('/me')).body;

      expect(me.company).toBeNull();
      expect((await invitee.get('/licences')).body.items).toEqual([]);
      expect((await b.get('/me/company/invitations')).body.items).toEqual([]);
      const { rows } = await h.db.query(
        'SELECT revoked_at, revoked_by FROM company_invitations WHERE id = $1',
        [invitation.id],
      );
      expect(rows).toEqual([{ revoked_at: expect.any(Date), revoked_by: await userIdOf(b) }]);
    });

    it('stop working when the admin is demoted to member', async () => {
      const { a, b, bId } = await twoAdmins();
      const alt = anAddress();
      expect((await b.post('/me/company/invitations', { email: alt })).status).toBe(201);

      expect((await a.patch(`/me/company/members/${bId}`, { role: 'member' })).status).toBe(200);

      expect((await h.client({ email: alt }).get('/me')).body.company).toBeNull();
    });

    it('stay unacceptable even if one was left open: acceptance checks the inviter is still an admin', async () => {
      const { a, aId, b } = await twoAdmins();
      const alt = anAddress();
      const invitation = (await a.post('/me/company/invitations', { email: alt })).body;
      await b.request('DELETE', `/me/company/members/${aId}`);
      // As if the revocation had been missed (a row written by an older version, say).
      await h.db.query('UPDATE company_invitations SET revoked_at = NULL, revoked_by = NULL WHERE id = $1', [
        invitation.id,
      ]);

      expect((await h.client({ email: alt }).get('/me')).body.company).toBeNull();
    });

    it("are not touched when a colleague is promoted, and another admin's stay open", async () => {
      const { a, b, bId } = await twoAdmins();
      const alt = anAddress();
      expect((await a.post('/me/company/invitations', { email: alt })).status).toBe(201);

      expect((await b.patch(`/me/company/members/${bId}`, { role: 'admin' })).status).toBe(200);
      expect((await a.patch(`/me/company/members/${bId}`, { role: 'member' })).status).toBe(200);

      expect((await h.client({ email: alt }).get('/me')).body.company?.id).toBe(a.company.id);
    });
  });

  describe('concurrent requests', () => {
    it("answer an invitee's parallel first requests with the company's licences, every one", async () => {
      const admin = await h.operatorWithCompany();
      const licence = (await admin.post('/licences', aLicence())).body;
      const email = anAddress();
      expect((await admin.post('/me/company/invitations', { email })).status).toBe(201);
      const invitee = h.client({ email });

      const lists = await Promise.all(Array.from({ length: 8 }, () => invitee.get('/licences')));

      expect(lists.map((l) => l.status)).toEqual(Array(8).fill(200));
      for (const list of lists)
        expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([licence.id]);
      expect((await admin.get('/me/company/members')).body.items).toHaveLength(2);
    });

    it('never answer 500 when an admin edits the company while another changes their role', async () => {
      const { a, aId, b } = await twoAdmins();
      const company = aCompany();

      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          i % 2 === 0
            ? a.put('/me/company', { ...company, eori: a.company.eori, name: `Renamed ${i}` })
            : b.patch(`/me/company/members/${aId}`, { role: i % 4 === 1 ? 'member' : 'admin' }),
        ),
      );

      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(new Set(statuses.filter((s) => ![200, 403].includes(s)))).toEqual(new Set());
      // Every PATCH succeeded (B stays admin throughout); A's edits pass whenever A is admin.
      expect(responses.filter((_, i) => i % 2 === 1).every((r) => r.status === 200)).toBe(true);
    });
  });
});
