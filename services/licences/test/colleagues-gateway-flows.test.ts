import { randomUUID } from 'node:crypto';
import { aCompany, aLicence } from './support/builders';
import { startPublicEntry, type GatewayClient, type PublicEntry } from './support/gateway-processes';
import { startHarness, type Harness } from './support/licences-harness';

const unique = () => randomUUID().slice(0, 8);
const anAddress = (who = 'colleague') => `${who}.${unique()}@company-${unique()}.example`;
/** Each sign-in is a process run (the issuer's token command); on a busy machine that adds up. */
const SLOW = 120_000;

/**
 * Invitations that can no longer be accepted, the tenant wall between two companies with several
 * members each, and a claim's rejection: real EU Login tokens from the development issuer,
 * through the gateway, to this licences service (each a process of its own).
 */
describe('colleagues and claims through the gateway: refusals', () => {
  let h: Harness;
  let entry: PublicEntry;
  beforeAll(async () => {
    h = await startHarness();
    entry = await startPublicEntry(h.url);
  }, 60_000);
  afterAll(async () => {
    await entry?.stop();
    await h?.stop();
  });

  const signInAll = (...emails: string[]) => Promise.all(emails.map((email) => entry.signIn(email)));

  async function withCompany(api: GatewayClient) {
    const company = await api.put('/me/company', aCompany());
    expect(company.status).toBe(201);
    return Object.assign(api, { company: company.body as { id: string; name: string; eori: string } });
  }

  it(
    'an expired invitation and a revoked one are not accepted at sign-in',
    async () => {
      const [expiredAt, revokedAt] = [anAddress('expired'), anAddress('revoked')];
      const [adminApi] = await signInAll(anAddress('admin'));
      const admin = await withCompany(adminApi!);
      const expired = (await admin.post('/me/company/invitations', { email: expiredAt })).body;
      const revoked = (await admin.post('/me/company/invitations', { email: revokedAt })).body;
      await h.db.query(
        `UPDATE company_invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [expired.id],
      );
      expect((await admin.request('DELETE', `/me/company/invitations/${revoked.id}`)).status).toBe(204);

      const [late, unwanted] = await signInAll(expiredAt, revokedAt);

      for (const invitee of [late!, unwanted!]) {
        expect((await invitee.get('/me')).body).toMatchObject({ company: null, companyRole: null });
        expect((await invitee.get('/licences')).body.items).toEqual([]);
        expect((await invitee.get('/me/company/members')).status).toBe(403);
      }
      expect((await admin.get('/me/company/members')).body.items).toHaveLength(1);
      expect((await admin.get('/me/company/invitations')).body.items).toEqual([]);
    },
    SLOW,
  );

  it(
    "walls two companies off: a member of A sees and changes nothing of B's",
    async () => {
      const [memberOfA, memberOfB] = [anAddress('member-a'), anAddress('member-b')];
      const [adminAApi, adminBApi] = await signInAll(anAddress('admin-a'), anAddress('admin-b'));
      const [adminA, adminB] = [await withCompany(adminAApi!), await withCompany(adminBApi!)];
      await adminA.post('/me/company/invitations', { email: memberOfA });
      await adminB.post('/me/company/invitations', { email: memberOfB });
      const [a, b] = await signInAll(memberOfA, memberOfB);
      const licenceOfA = (await a!.post('/licences', aLicence())).body;
      const licenceOfB = (await b!.post('/licences', aLicence())).body;
      const invitationOfB = (await adminB.post('/me/company/invitations', { email: anAddress() })).body;
      const bId = (await b!.get('/me')).body.user.id;
      const claimOfB = (
        await b!.post('/licences/claims', { licenceNumber: licenceOfA.licenceNumber, comment: 'Ours.' })
      ).body;

      // B's licence: as a missing one, to A's member and to A's admin.
      for (const api of [a!, adminA]) {
        expect((await api.get(`/licences/${licenceOfB.id}`)).status).toBe(404);
        expect((await api.patch(`/licences/${licenceOfB.id}`, { status: 'processing' })).status).toBe(404);
        expect((await api.get(`/licences/${licenceOfB.id}/history`)).status).toBe(404);
        expect((await api.get('/licences')).body.items.map((l: { id: string }) => l.id)).toEqual([
          licenceOfA.id,
        ]);
      }
      // B's members and invitations: A's admin is not B's admin.
      const membersSeenByA = (await a!.get('/me/company/members')).body.items.map(
        (m: { id: string }) => m.id,
      );
      expect(membersSeenByA).not.toContain(bId);
      expect(membersSeenByA).toHaveLength(2);
      expect((await adminA.patch(`/me/company/members/${bId}`, { role: 'admin' })).status).toBe(404);
      expect((await adminA.request('DELETE', `/me/company/members/${bId}`)).status).toBe(404);
      expect((await adminA.request('DELETE', `/me/company/invitations/${invitationOfB.id}`)).status).toBe(
        404,
      );
      expect((await a!.request('DELETE', `/me/company/invitations/${invitationOfB.id}`)).status).toBe(403);
      expect((await adminA.get('/me/company/invitations')).body.items).toEqual([]);
      // B's claim (on A's licence, even): A sees neither it nor that it exists.
      expect((await a!.get(`/licences/claims/${claimOfB.id}`)).status).toBe(404);
      expect((await a!.get('/licences/claims')).body).toMatchObject({ items: [], total: 0 });
      // And nothing of B changed.
      expect((await b!.get(`/licences/${licenceOfB.id}`)).body).toMatchObject({
        status: licenceOfB.status,
        version: 1,
      });
      expect((await adminB.get('/me/company/members')).body.items).toHaveLength(2);
      expect((await adminB.get('/me/company/invitations')).body.items).toEqual([invitationOfB]);
    },
    SLOW,
  );

  it(
    'rejects a claim: the licence stays with its holder and the claimant reads the decision',
    async () => {
      const [holderApi, claimantApi, commission] = await signInAll(
        anAddress('holder'),
        anAddress('claimant'),
        `analyst.${unique()}@ec.europa.eu`,
      );
      const [holder, claimant] = [await withCompany(holderApi!), await withCompany(claimantApi!)];
      const licence = (await holder.post('/licences', aLicence())).body;
      const claim = (
        await claimant.post('/licences/claims', {
          licenceNumber: licence.licenceNumber,
          comment: 'Filed for us.',
        })
      ).body;

      const decision = await commission!.post(`/licences/claims/${claim.id}/decision`, {
        decision: 'reject',
        comment: 'The application was filed for the registering company.',
      });

      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({ status: 'rejected', holder: { id: holder.company.id } });
      const mine = await claimant.get(`/licences/claims/${claim.id}`);
      expect(mine.body).toMatchObject({
        status: 'rejected',
        decisionComment: 'The application was filed for the registering company.',
        licenceId: null,
      });
      expect(mine.text).not.toContain(holder.company.name);
      expect((await claimant.get('/licences/claims?status=rejected')).body.items).toEqual([mine.body]);
      expect((await claimant.get(`/licences/${licence.id}`)).status).toBe(404);
      expect((await holder.get(`/licences/${licence.id}`)).body).toMatchObject({ version: 1 });
      expect(
        (await commission!.post(`/licences/claims/${claim.id}/decision`, { decision: 'transfer' })).status,
      ).toBe(409);
      // Decided, the number can be claimed again.
      expect(
        (
          await claimant.post('/licences/claims', {
            licenceNumber: licence.licenceNumber,
            comment: 'New evidence.',
          })
        ).status,
      ).toBe(201);
    },
    SLOW,
  );
});
