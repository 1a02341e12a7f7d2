import { randomUUID } from 'node:crypto';
import { aLicence } from './support/builders';
import { startHarness, type ApiClient, type Harness } from './support/licences-harness';

describe('claims: decisions that race, and the claims list', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  const fileClaim = (api: ApiClient, licenceNumber: string) =>
    api.post('/licences/claims', { licenceNumber, comment: 'Our supplier filed this application for us.' });

  /** A holder's licence claimed by two other companies: two open claims on one licence. */
  async function twoClaims() {
    const holder = await h.operatorWithCompany();
    const licence = (await holder.post('/licences', aLicence())).body;
    const [first, second] = [await h.operatorWithCompany(), await h.operatorWithCompany()];
    const claims = [
      (await fileClaim(first, licence.licenceNumber)).body,
      (await fileClaim(second, licence.licenceNumber)).body,
    ];
    return { holder, licence, claimants: [first, second], claims };
  }

  const transfers = async (licenceId: string) =>
    (
      await h.db.query(
        `SELECT payload->'data'->>'claimId' AS "claimId" FROM outbox_events
          WHERE type = 'LicenceTransferred' AND payload->'data'->>'licenceId' = $1`,
        [licenceId],
      )
    ).rows;

  describe('POST /licences/claims/{id}/decision', () => {
    it('transfers a licence once when two of its claims are decided at the same moment', async () => {
      const { licence, claimants, claims } = await twoClaims();
      const commission = h.commission();
      await commission.get('/me');

      const decisions = await Promise.all(
        claims.map((c) => commission.post(`/licences/claims/${c.id}/decision`, { decision: 'transfer' })),
      );

      expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
      const won = decisions.findIndex((d) => d.status === 200);
      const lost = 1 - won;
      expect(decisions[lost]!.body.type).toMatch(/claim-decided$/);
      expect(await transfers(licence.id)).toEqual([{ claimId: claims[won]!.id }]);
      expect((await claimants[won]!.get(`/licences/${licence.id}`)).body.version).toBe(2);
      expect((await claimants[lost]!.get(`/licences/${licence.id}`)).status).toBe(404);
    });

    it("closes the licence's other open claims when it is transferred, telling their claimant why", async () => {
      const { licence, claimants, claims } = await twoClaims();
      const commission = h.commission();

      const decision = await commission.post(`/licences/claims/${claims[0]!.id}/decision`, {
        decision: 'transfer',
      });
      const other = await claimants[1]!.get(`/licences/claims/${claims[1]!.id}`);
      const again = await commission.post(`/licences/claims/${claims[1]!.id}/decision`, {
        decision: 'transfer',
      });

      expect(decision.status).toBe(200);
      expect(other.body).toMatchObject({
        status: 'rejected',
        decidedAt: expect.any(String),
        decisionComment: expect.stringMatching(/transferred this licence on another claim/),
        licenceId: null,
      });
      expect(again.status).toBe(409);
      expect(await transfers(licence.id)).toHaveLength(1);
    });

    it('refuses a transfer when the licence is no longer with the company the claim was filed against', async () => {
      const { licence, claims } = await twoClaims();
      const elsewhere = await h.operatorWithCompany();
      // The licence changed hands by a way other than this claim (as an earlier decision would).
      await h.db.query('UPDATE licences SET company_id = $2 WHERE id = $1', [
        licence.id,
        elsewhere.company.id,
      ]);

      const decision = await h.commission().post(`/licences/claims/${claims[0]!.id}/decision`, {
        decision: 'transfer',
      });

      expect(decision.status).toBe(409);
      expect(decision.body.type).toMatch(/claim-holder-changed$/);
      expect(await transfers(licence.id)).toEqual([]);
      expect((await elsewhere.get(`/licences/${licence.id}`)).status).toBe(200);
    });

    it('closes a claim whose claimant holds the licence by the time it is decided', async () => {
      const { licence, claimants, claims } = await twoClaims();
      await h.db.query('UPDATE licences SET company_id = $2 WHERE id = $1', [
        licence.id,
        claimants[0]!.company.id,
      ]);

      const decision = await h.commission().post(`/licences/claims/${claims[0]!.id}/decision`, {
        decision: 'transfer',
      });

      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({
        status: 'rejected',
        decisionComment: expect.stringMatching(/holds this licence already/),
      });
      expect((await claimants[0]!.get(`/licences/claims/${claims[0]!.id}`)).body.status).toBe('rejected');
      expect(await transfers(licence.id)).toEqual([]);
    });
  });

  describe('GET /licences/claims', () => {
    it('pages through the claims with a cursor, with the total on every page', async () => {
      const claimant = await h.operatorWithCompany();
      const filed: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const holder = await h.operatorWithCompany();
        const licence = (await holder.post('/licences', aLicence())).body;
        filed.push((await fileClaim(claimant, licence.licenceNumber)).body.id);
      }

      const pages = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: any } = await claimant.get(
          `/licences/claims?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        pages.push(page.body);
        cursor = page.body.nextCursor;
      } while (cursor);

      expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
      expect(pages.every((p) => p.total === 5 && p.totalExact === true)).toBe(true);
      // Newest first, each claim once.
      expect(pages.flatMap((p) => p.items.map((c: { id: string }) => c.id))).toEqual([...filed].reverse());
      const all = await claimant.get('/licences/claims');
      expect(all.body).toMatchObject({ total: 5, nextCursor: null });
      expect(all.body.items).toHaveLength(5);
    });

    it('lists open claims before decided ones across pages', async () => {
      const claimant = await h.operatorWithCompany();
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const holder = await h.operatorWithCompany();
        const licence = (await holder.post('/licences', aLicence())).body;
        ids.push((await fileClaim(claimant, licence.licenceNumber)).body.id);
      }
      // The newest is decided: it goes after the two older open ones.
      await h.commission().post(`/licences/claims/${ids[2]}/decision`, { decision: 'reject' });

      const first = await claimant.get('/licences/claims?limit=2');
      const second = await claimant.get(`/licences/claims?limit=2&cursor=${first.body.nextCursor}`);

      expect(first.body.items.map((c: { status: string }) => c.status)).toEqual(['open', 'open']);
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [
        `cursor=${Buffer.from(JSON.stringify([true, "x' OR 1=1", randomUUID(), 1, true])).toString('base64url')}`,
        'cursor',
      ],
      ['status=maybe', 'status'],
    ])('refuses ?%s naming the field', async (query, field) => {
      const claimant = await h.operatorWithCompany();

      const response = await claimant.get(`/licences/claims?${query}`);

      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });
});
