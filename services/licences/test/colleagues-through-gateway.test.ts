import { randomUUID } from 'node:crypto';
import type { ApiResponse } from '@lmp/testing';
import { aCompany, aLicence } from './support/builders';
import { startPublicEntry, type GatewayClient, type PublicEntry } from './support/gateway-processes';
import { startHarness, type Harness } from './support/licences-harness';

const unique = () => randomUUID().slice(0, 8);
/** Each sign-in is a process run (the issuer's token command); on a busy machine that adds up. */
const SLOW = 90_000;

/**
 * Colleagues and claims as users meet them: real EU Login tokens from the development issuer,
 * through the gateway (both processes of their own), to this licences service.
 */
describe('colleagues and claims through the gateway', () => {
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

  /** Signing in runs the issuer's token command, a process each: a few seconds, so it goes in parallel. */
  const signInAll = (...people: Array<[string, string?]>) =>
    Promise.all(people.map(([email, name]) => entry.signIn(email, name)));
  const anAdmin = (): [string, string] => [
    `admin.${unique()}@company-${unique()}.example`,
    `Admin ${unique()}`,
  ];

  async function withCompany(api: GatewayClient) {
    const company = await api.put('/me/company', aCompany());
    expect(company.status).toBe(201);
    return Object.assign(api, { company: company.body as { id: string; name: string; eori: string } });
  }

  it(
    'invite → the invitee signs in → sees the company licences; removed, loses them at the next request',
    async () => {
      const address = `Colleague.${unique()}@Company-${unique()}.example`;
      // The invitee signs in with the address as EU Login spells it, in another case.
      const [adminApi, stranger, inviteeApi] = await signInAll(
        anAdmin(),
        [`stranger.${unique()}@company.example`],
        [address.toUpperCase(), 'Invited Colleague'],
      );
      const admin = await withCompany(adminApi!);
      const licence = (await admin.post('/licences', aLicence())).body;
      const invitation = await admin.post('/me/company/invitations', { email: address });
      expect(invitation.status).toBe(201);

      // A stranger at another address cannot take it up.
      expect((await stranger!.get('/me')).body).toMatchObject({ company: null, companyRole: null });

      const invitee = inviteeApi!;
      const list = await invitee.get('/licences');
      expect(list.status).toBe(200);
      expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([licence.id]);
      const me = (await invitee.get('/me')).body;
      expect(me).toMatchObject({ company: { id: admin.company.id }, companyRole: 'member' });
      expect((await invitee.patch(`/licences/${licence.id}`, { status: 'processing' })).status).toBe(200);
      const members = (await admin.get('/me/company/members')).body.items;
      expect(members.map((m: { role: string }) => m.role)).toEqual(['admin', 'member']);
      // Members cannot invite; the gateway passes the request, licences refuses it.
      expect(
        (await invitee.post('/me/company/invitations', { email: `x.${unique()}@company.example` })).status,
      ).toBe(403);
      expect((await invitee.get(`/licences/${licence.id}`)).status).toBe(200);

      expect((await admin.request('DELETE', `/me/company/members/${me.user.id}`)).status).toBe(204);

      // Same access token, same gateway-minted identity token: the company is gone anyway.
      expect((await invitee.get(`/licences/${licence.id}`)).status).toBe(404);
      expect((await invitee.get('/licences')).body.items).toEqual([]);
      expect((await invitee.get('/me')).body).toMatchObject({ user: { id: me.user.id }, company: null });
    },
    SLOW,
  );

  it(
    'keeps the last admin, through the gateway too',
    async () => {
      const [api] = await signInAll(anAdmin());
      const admin = await withCompany(api!);
      const adminId = (await admin.get('/me')).body.user.id;
      expect((await admin.patch(`/me/company/members/${adminId}`, { role: 'member' })).status).toBe(409);
      expect((await admin.request('DELETE', `/me/company/members/${adminId}`)).status).toBe(409);
    },
    SLOW,
  );

  it(
    'files a claim, which only the Commission decides; the claimant never learns the holder',
    async () => {
      const [holderApi, claimantApi, commission] = await signInAll(anAdmin(), anAdmin(), [
        `analyst.${unique()}@ec.europa.eu`,
        'Claims Analyst',
      ]);
      const holder = await withCompany(holderApi!);
      const claimant = await withCompany(claimantApi!);
      const holderMe = (await holder.get('/me')).body;
      const licence = (await holder.post('/licences', aLicence())).body;
      const seen: ApiResponse[] = [];
      const asClaimant = async (response: Promise<ApiResponse>) => {
        seen.push(await response);
        return seen[seen.length - 1]!;
      };
      expect(
        (await asClaimant(claimant.post('/licences', aLicence({ licenceNumber: licence.licenceNumber }))))
          .status,
      ).toBe(409);
      const claim = await asClaimant(
        claimant.post('/licences/claims', { licenceNumber: licence.licenceNumber, comment: 'Filed for us.' }),
      );
      expect(claim.status).toBe(201);

      // The gateway keeps the decision to the Commission.
      const attempt = await asClaimant(
        claimant.post(`/licences/claims/${claim.body.id}/decision`, { decision: 'transfer' }),
      );
      expect(attempt.status).toBe(403);
      const open = (await commission!.get('/licences/claims?status=open')).body.items;
      expect(open.find((c: { id: string }) => c.id === claim.body.id)).toMatchObject({
        holder: { id: holder.company.id },
        claimant: { id: claimant.company.id },
      });
      expect(
        (await commission!.post(`/licences/claims/${claim.body.id}/decision`, { decision: 'transfer' }))
          .status,
      ).toBe(200);

      const mine = await asClaimant(claimant.get(`/licences/${licence.id}`));
      expect(mine.status).toBe(200);
      await asClaimant(claimant.get(`/licences/${licence.id}/history`));
      await asClaimant(claimant.get('/licences/claims'));
      expect((await holder.get(`/licences/${licence.id}`)).status).toBe(404);
      const secrets = [
        holder.company.id,
        holder.company.name,
        holder.company.eori,
        holderMe.user.id,
        holder.email,
      ];
      for (const response of seen) for (const secret of secrets) expect(response.text).not.toContain(secret);
      expect(holder.email).toBe(holderMe.user.email);
    },
    SLOW,
  );
});
