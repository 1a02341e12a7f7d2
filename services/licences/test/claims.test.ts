import { randomUUID } from 'node:crypto';
import { feedbackReceived, licenceTransmitted } from '@lmp/testing';
import { aLicence } from './support/builders';
import {
  startHarness,
  waitUntil,
  type ApiClient,
  type ApiResponse,
  type Harness,
} from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

describe('claims on a licence number already registered', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));

  /**
   * A holder company with a licence, a claimant company whose registration of the same number was
   * refused, and every answer the claimant got, to look for the holder in.
   */
  async function refusedDuplicate() {
    const holder = await h.operatorWithCompany();
    const licence = (await holder.post('/licences', aLicence())).body;
    const claimant = await h.operatorWithCompany();
    const seen: ApiResponse[] = [];
    const asClaimant = async (call: (api: ApiClient) => Promise<ApiResponse>) => {
      const response = await call(claimant);
      seen.push(response);
      return response;
    };
    const refused = await asClaimant((api) =>
      api.post('/licences', aLicence({ licenceNumber: licence.licenceNumber })),
    );
    expect(refused.status).toBe(409);
    return { holder, licence, claimant, asClaimant, seen };
  }

  /** Everything that would name the holder: its company, its people. */
  async function holderSecrets(holder: ApiClient & { company: { id: string; name: string; eori: string } }) {
    const me = (await holder.get('/me')).body;
    return [
      holder.company.id,
      holder.company.name,
      holder.company.eori,
      me.user.id,
      me.user.email,
      me.user.name,
    ];
  }

  function expectNoneOf(secrets: string[], responses: ApiResponse[]) {
    for (const response of responses) {
      for (const secret of secrets) expect(response.text).not.toContain(secret);
    }
  }

  const fileClaim = (
    api: ApiClient,
    licenceNumber: string,
    comment = 'Our supplier filed this application for us.',
  ) => api.post('/licences/claims', { licenceNumber, comment });

  describe('POST /licences/claims', () => {
    it('files a claim on a number another company registered, naming nothing of the holder', async () => {
      const { holder, licence, asClaimant, seen } = await refusedDuplicate();
      // Typed the way it was printed on the supplier's paperwork.
      const typed = licence.licenceNumber.toLowerCase().replace(/-/g, ' ');

      const filed = await asClaimant((api) => fileClaim(api, typed));
      const listed = await asClaimant((api) => api.get('/licences/claims'));
      const one = await asClaimant((api) => api.get(`/licences/claims/${filed.body.id}`));

      expect(filed.status).toBe(201);
      expect(filed.headers.get('location')).toBe(`/api/v1/licences/claims/${filed.body.id}`);
      expect(filed.body).toEqual({
        id: expect.any(String),
        licenceNumber: typed,
        comment: 'Our supplier filed this application for us.',
        status: 'open',
        createdAt: expect.any(String),
        filedBy: { id: expect.any(String), name: expect.any(String) },
        decidedAt: null,
        decisionComment: null,
        licenceId: null,
      });
      expect(listed.body.items).toEqual([filed.body]);
      expect(one.body).toEqual(filed.body);
      expectNoneOf([...(await holderSecrets(holder)), licence.id], seen);
    });

    it('refuses a number nobody registered, and one the own company holds', async () => {
      const operator = await h.operatorWithCompany();
      const own = (await operator.post('/licences', aLicence())).body;
      const before = await storedRows();

      const unregistered = await fileClaim(operator, `CN-NOBODY-${randomUUID().slice(0, 8)}`);
      const mine = await fileClaim(operator, own.licenceNumber);

      expect(unregistered.status).toBe(422);
      expect(unregistered.body.errors).toEqual([expect.objectContaining({ field: 'licenceNumber' })]);
      expect(mine.status).toBe(409);
      expect(mine.body.type).toMatch(/claim-own-licence$/);
      expect(await storedRows()).toEqual(before);
    });

    it('refuses a second open claim of the same company on the same number', async () => {
      const { licence, claimant } = await refusedDuplicate();
      expect((await fileClaim(claimant, licence.licenceNumber)).status).toBe(201);
      const second = await fileClaim(claimant, licence.licenceNumber);
      expect(second.status).toBe(409);
      expect(second.body.type).toMatch(/claim-already-open$/);
      expect((await claimant.get('/licences/claims')).body.items).toHaveLength(1);
    });

    it.each([
      [{ licenceNumber: 'CN-1' }, 'comment'],
      [{ licenceNumber: 'CN-1', comment: '   ' }, 'comment'],
      [{ comment: 'ours' }, 'licenceNumber'],
      [{ licenceNumber: 'CN-1', comment: 'ours', holder: 'x' }, 'holder'],
      [{ licenceNumber: 'CN-1', comment: 'x'.repeat(2001) }, 'comment'],
    ])('refuses %j naming the field', async (body, field) => {
      const operator = await h.operatorWithCompany();
      const response = await operator.post('/licences/claims', body);
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('is for operators with a company only', async () => {
      const { licence } = await refusedDuplicate();
      const [commission, companyless] = [h.commission(), h.client()];
      expect((await fileClaim(commission, licence.licenceNumber)).status).toBe(403);
      expect((await fileClaim(companyless, licence.licenceNumber)).status).toBe(403);
    });
  });

  describe('GET /licences/claims', () => {
    it("shows an operator their company's claims only, and the holder none", async () => {
      const { holder, licence, claimant } = await refusedDuplicate();
      const colleagueEmail = `claims.${randomUUID().slice(0, 8)}@company.example`;
      await claimant.post('/me/company/invitations', { email: colleagueEmail });
      const colleague = h.client({ email: colleagueEmail });
      const claim = (await fileClaim(claimant, licence.licenceNumber)).body;
      const bystander = await h.operatorWithCompany();

      expect((await colleague.get('/licences/claims')).body.items).toEqual([claim]);
      expect((await colleague.get(`/licences/claims/${claim.id}`)).status).toBe(200);
      for (const other of [holder, bystander]) {
        expect((await other.get('/licences/claims')).body.items).toEqual([]);
        expect((await other.get(`/licences/claims/${claim.id}`)).status).toBe(404);
      }
      expect((await claimant.get('/licences/claims/not-an-id')).status).toBe(404);
      expect((await claimant.get('/licences/claims?status=maybe')).status).toBe(422);
    });

    it('shows the Commission every claim with both companies, open ones first', async () => {
      const a = await refusedDuplicate();
      const b = await refusedDuplicate();
      const decided = (await fileClaim(a.claimant, a.licence.licenceNumber)).body;
      const commission = h.commission();
      await commission.post(`/licences/claims/${decided.id}/decision`, { decision: 'reject' });
      const open = (await fileClaim(b.claimant, b.licence.licenceNumber)).body;

      const all = (await commission.get('/licences/claims')).body.items;
      const onlyOpen = (await commission.get('/licences/claims?status=open')).body.items;

      expect(all.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([decided.id, open.id]));
      expect(all.findIndex((c: { id: string }) => c.id === open.id)).toBeLessThan(
        all.findIndex((c: { id: string }) => c.id === decided.id),
      );
      expect(onlyOpen.every((c: { status: string }) => c.status === 'open')).toBe(true);
      expect(all.find((c: { id: string }) => c.id === open.id)).toMatchObject({
        licenceId: b.licence.id,
        claimant: { id: b.claimant.company.id, name: b.claimant.company.name, eori: b.claimant.company.eori },
        holder: { id: b.holder.company.id, name: b.holder.company.name, eori: b.holder.company.eori },
        decidedBy: null,
      });
      expect((await commission.get(`/licences/claims/${open.id}`)).body.holder.id).toBe(b.holder.company.id);
    });
  });

  describe('POST /licences/claims/{id}/decision', () => {
    it("transfers the licence with its history, transmissions and confirmations to the claimant's company", async () => {
      const { holder, licence, claimant, asClaimant, seen } = await refusedDuplicate();
      await holder.patch(`/licences/${licence.id}`, { status: 'processing' });
      await h.publish([
        licenceTransmitted(
          { ...licence, companyId: holder.company.id },
          randomUUID(),
          '2026-11-20T09:00:00.000Z',
        ),
      ]);
      await h.publish([
        feedbackReceived({ ...licence, companyId: holder.company.id }, 'granted', '2026-11-25'),
      ]);
      await waitUntil(async () => {
        const detail = (await holder.get(`/licences/${licence.id}`)).body;
        return detail.transmissions.count === 1 && detail.openConfirmations.length === 1;
      }, 'the transmission and the confirmation request');
      const versionBefore = (await holder.get(`/licences/${licence.id}`)).body.version;
      const claim = (await asClaimant((api) => fileClaim(api, licence.licenceNumber))).body;
      const commission = h.commission();
      const analyst = (await commission.get('/me')).body.user;
      const capture = await h.captureEvents(['LicenceTransferred']);

      const decision = await commission.post(`/licences/claims/${claim.id}/decision`, {
        decision: 'transfer',
        comment: 'The supplier confirmed the application is theirs.',
      });

      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({
        id: claim.id,
        status: 'transferred',
        decidedBy: { id: analyst.id, name: analyst.name },
        decisionComment: 'The supplier confirmed the application is theirs.',
        holder: { id: holder.company.id },
        claimant: { id: claimant.company.id },
      });
      const detail = await asClaimant((api) => api.get(`/licences/${licence.id}`));
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        companyId: claimant.company.id,
        status: 'processing',
        version: versionBefore + 1,
        transmissions: { count: 1, dates: ['2026-11-20T09:00:00.000Z'] },
        openConfirmations: [expect.objectContaining({ reportedStatus: 'granted' })],
        history: { lastChangedBy: { id: analyst.id, name: analyst.name } },
      });
      const history = (await asClaimant((api) => api.get(`/licences/${licence.id}/history`))).body;
      expect(history.map((e: { actor: { name: string } }) => e.actor.name)).toEqual([
        'Previous holder',
        'Previous holder',
        analyst.name,
      ]);
      expect(history[2].changes).toEqual({ transferredByClaim: { from: null, to: claim.id } });
      const commissionHistory = (await commission.get(`/licences/${licence.id}/history`)).body;
      expect(commissionHistory[0].actor.name).toBe(holder.identity.name);
      expect(
        (await asClaimant((api) => api.get('/licences'))).body.items.map((l: { id: string }) => l.id),
      ).toEqual([licence.id]);
      expect((await asClaimant((api) => api.get('/confirmations'))).body.items).toHaveLength(1);
      expect((await asClaimant((api) => api.get(`/licences/claims/${claim.id}`))).body).toMatchObject({
        status: 'transferred',
        licenceId: licence.id,
      });
      expect(
        (await claimant.patch(`/licences/${licence.id}`, { status: 'granted', decisionDate: '2026-11-25' }))
          .status,
      ).toBe(200);

      // The old company no longer sees it, anywhere.
      const gone = [
        await holder.get(`/licences/${licence.id}`),
        await holder.patch(`/licences/${licence.id}`, { status: 'refused', decisionDate: '2026-11-25' }),
        await holder.get(`/licences/${licence.id}/history`),
      ];
      expect(gone.map((r) => r.status)).toEqual([404, 404, 404]);
      expect((await holder.get('/licences')).body).toMatchObject({ items: [], total: 0 });
      expect((await holder.get('/confirmations')).body.items).toEqual([]);

      const event = await capture.waitFor((e) => (e.data as { claimId: string }).claimId === claim.id);
      expect(event.data).toEqual({
        licenceId: licence.id,
        licenceNumber: licence.licenceNumber,
        version: versionBefore + 1,
        claimId: claim.id,
        fromCompanyId: holder.company.id,
        toCompanyId: claimant.company.id,
        transferredAt: decision.body.decidedAt,
      });
      expect(event.actor).toMatchObject({ type: 'user', id: analyst.id });
      expectNoneOf(await holderSecrets(holder), seen);
    });

    it('rejects a claim: the licence stays where it is and the claimant learns the decision only', async () => {
      const { holder, licence, claimant, asClaimant, seen } = await refusedDuplicate();
      const claim = (await asClaimant((api) => fileClaim(api, licence.licenceNumber))).body;

      const decision = await h.commission().post(`/licences/claims/${claim.id}/decision`, {
        decision: 'reject',
        comment: 'The application was filed for the registering company.',
      });

      expect(decision.status).toBe(200);
      expect(decision.body).toMatchObject({ status: 'rejected', licenceId: licence.id });
      const mine = await asClaimant((api) => api.get(`/licences/claims/${claim.id}`));
      expect(mine.body).toMatchObject({
        status: 'rejected',
        decidedAt: expect.any(String),
        decisionComment: 'The application was filed for the registering company.',
        licenceId: null,
      });
      // (Asked by id, which the claimant was never given: the 404's `instance` repeats the path.)
      expect((await claimant.get(`/licences/${licence.id}`)).status).toBe(404);
      expect((await holder.get(`/licences/${licence.id}`)).body).toMatchObject({
        companyId: holder.company.id,
        version: 1,
      });
      const { rows } = await h.db.query(
        `SELECT 1 FROM outbox_events WHERE type = 'LicenceTransferred' AND payload->'data'->>'claimId' = $1`,
        [claim.id],
      );
      expect(rows).toEqual([]);
      // Decided, it can be claimed again (with new information).
      expect((await asClaimant((api) => fileClaim(api, licence.licenceNumber, 'New evidence.'))).status).toBe(
        201,
      );
      expectNoneOf([...(await holderSecrets(holder)), licence.id], seen);
    });

    it('decides a claim once', async () => {
      const { licence, claimant } = await refusedDuplicate();
      const claim = (await fileClaim(claimant, licence.licenceNumber)).body;
      const commission = h.commission();
      expect(
        (await commission.post(`/licences/claims/${claim.id}/decision`, { decision: 'transfer' })).status,
      ).toBe(200);

      const again = await commission.post(`/licences/claims/${claim.id}/decision`, { decision: 'reject' });

      expect(again.status).toBe(409);
      expect(again.body.type).toMatch(/claim-decided$/);
      expect((await claimant.get(`/licences/${licence.id}`)).status).toBe(200);
    });

    it('is for the Commission only, and names bad input', async () => {
      const { holder, licence, claimant } = await refusedDuplicate();
      const claim = (await fileClaim(claimant, licence.licenceNumber)).body;
      const commission = h.commission();
      await commission.get('/me');
      const before = await storedRows();

      const attempts = [
        await claimant.post(`/licences/claims/${claim.id}/decision`, { decision: 'transfer' }),
        await holder.post(`/licences/claims/${claim.id}/decision`, { decision: 'reject' }),
        await commission.post(`/licences/claims/${claim.id}/decision`, { decision: 'maybe' }),
        await commission.post(`/licences/claims/${claim.id}/decision`, { decision: 'reject', extra: 1 }),
        await commission.post(`/licences/claims/${randomUUID()}/decision`, { decision: 'reject' }),
      ];

      expect(attempts.map((r) => r.status)).toEqual([403, 403, 422, 422, 404]);
      expect(attempts[2]!.body.errors).toEqual([expect.objectContaining({ field: 'decision' })]);
      expect(await storedRows()).toEqual(before);
      expect((await claimant.get(`/licences/claims/${claim.id}`)).body.status).toBe('open');
    });
  });
});
