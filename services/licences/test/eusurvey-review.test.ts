import type { AnyEnvelope, EusurveyMigrationReport, Licence } from '@lmp/contracts';
import { aLicence } from './support/builders';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';
import { aLicenceRow, CSV, toCsv, upload } from './support/import-files';
import { aSurveyRow, migrate } from './eusurvey-support';

describe('"check this migrated licence"', () => {
  let h: Harness;
  let commission: ApiClient;
  let operator: ApiClient & { company: { id: string; eori: string } };
  let colleague: ApiClient;
  let updated: { events: AnyEnvelope[] };

  /** Migrates `count` licences for the operator (the respondent, by address) and answers their ids. */
  async function migrated(count: number): Promise<string[]> {
    const rows = Array.from({ length: count }, () =>
      aSurveyRow({ respondentEmail: operator.identity.email, eori: operator.company.eori }),
    );
    const report = (await migrate(h.url, commission, { rows })).body as EusurveyMigrationReport;
    if (report.totals.outcomes.created !== count) throw new Error(JSON.stringify(report.rows));
    return report.rows.map((r) => r.licenceId!);
  }

  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    operator = await h.operatorWithCompany();
    colleague = await h.operatorWithCompany();
    updated = await h.captureEvents(['LicenceUpdated']);
  });
  afterAll(async () => {
    await h.stop();
  });

  const changesOf = (licenceId: string) =>
    waitUntil(
      () =>
        updated.events.find((e) => (e.data as { licenceId: string }).licenceId === licenceId)?.data as
          { changes: Record<string, unknown> } | undefined,
      'LicenceUpdated',
    );

  describe('POST /licences/:id/review', () => {
    it('clears the flag, records who checked it and says so in LicenceUpdated', async () => {
      const [id] = await migrated(1);

      const response = await operator.post(`/licences/${id}/review`, undefined);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id,
        reviewRequired: false,
        source: 'eusurvey_migration',
        version: 2,
      });
      expect((await operator.get(`/licences/${id}`)).body.reviewRequired).toBe(false);
      const history = await operator.get(`/licences/${id}/history`);
      expect(history.body.at(-1)).toMatchObject({
        actor: { name: operator.identity.name },
        changes: { reviewRequired: { from: true, to: false } },
      });
      expect((await changesOf(id!)).changes).toEqual({ reviewRequired: { from: true, to: false } });
    });

    it('changes nothing when the licence needs no check (a second confirmation)', async () => {
      const [id] = await migrated(1);
      await operator.post(`/licences/${id}/review`, {});

      const again = await operator.post(`/licences/${id}/review`, {});

      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ reviewRequired: false, version: 2 });
    });

    it('refuses a confirmation of a licence that changed since it was displayed (412)', async () => {
      const [id] = await migrated(1);
      const shown = await operator.get(`/licences/${id}`);
      await operator.patch(`/licences/${id}`, { quantityKg: 321 });

      const stale = await operator.post(
        `/licences/${id}/review`,
        {},
        { 'if-match': shown.headers.get('etag')! },
      );

      expect(stale.status).toBe(412);
    });

    it("answers another company's licence as a missing one (404), and the Commission 403", async () => {
      const [id] = await migrated(1);

      const other = await colleague.post(`/licences/${id}/review`, {});
      const missing = await operator.post('/licences/00000000-0000-4000-8000-000000000000/review', {});
      const malformed = await operator.post('/licences/not-a-uuid/review', {});
      const byCommission = await commission.post(`/licences/${id}/review`, {});

      expect([other.status, missing.status, malformed.status]).toEqual([404, 404, 404]);
      expect(byCommission.status).toBe(403);
      expect((await operator.get(`/licences/${id}`)).body.reviewRequired).toBe(true);
    });

    it('takes no fields (422) and only POST (405)', async () => {
      const [id] = await migrated(1);

      const withFields = await operator.post(`/licences/${id}/review`, { reviewRequired: false });
      const get = await operator.get(`/licences/${id}/review`);

      expect(withFields.status).toBe(422);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
    });
  });

  describe('PATCH /licences/:id', () => {
    it("clears the flag with the operator's edit, in the same history entry and event", async () => {
      const [id] = await migrated(1);

      const response = await operator.patch<Licence>(`/licences/${id}`, { status: 'processing' });

      expect(response.status).toBe(200);
      expect(response.body.reviewRequired).toBe(false);
      expect((await changesOf(id!)).changes).toEqual({
        status: { from: 'pending', to: 'processing' },
        reviewRequired: { from: true, to: false },
      });
    });

    it('clears it even when the edit keeps every value (the operator looked and saved)', async () => {
      const [id] = await migrated(1);
      const current = (await operator.get(`/licences/${id}`)).body;

      const response = await operator.patch<Licence>(`/licences/${id}`, { quantityKg: current.quantityKg });

      expect(response.body).toMatchObject({ reviewRequired: false, version: 2 });
    });

    it('leaves a licence registered on the platform unflagged', async () => {
      const created = await operator.post('/licences', aLicence());

      const response = await operator.patch<Licence>(`/licences/${created.body.id}`, {
        status: 'processing',
      });

      expect(created.body.reviewRequired).toBe(false);
      expect(response.body.reviewRequired).toBe(false);
      expect((await changesOf(created.body.id)).changes).toEqual({
        status: { from: 'pending', to: 'processing' },
      });
    });
  });

  describe('GET /licences?reviewRequired=', () => {
    it('lists the licences still to check, and the others', async () => {
      const [unchecked, checked] = await migrated(2);
      await operator.post(`/licences/${checked}/review`, {});

      const toCheck = await operator.get('/licences?reviewRequired=true&limit=200');
      const done = await operator.get('/licences?reviewRequired=false&limit=200');
      const bad = await operator.get('/licences?reviewRequired=maybe');

      const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((l) => l.id);
      expect(ids(toCheck)).toContain(unchecked);
      expect(ids(toCheck)).not.toContain(checked);
      expect(toCheck.body.items.every((l: Licence) => l.reviewRequired)).toBe(true);
      expect(ids(done)).toContain(checked);
      expect(bad.status).toBe(422);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'reviewRequired' })]);
    });
  });

  describe('GET /migrations/eusurvey/unreviewed', () => {
    it('counts per company the migrated licences and those still to check (Commission only)', async () => {
      const before = await commission.get('/migrations/eusurvey/unreviewed');
      const mine = () =>
        commission
          .get('/migrations/eusurvey/unreviewed')
          .then((r) => r.body.items.find((c: { companyId: string }) => c.companyId === operator.company.id));
      const [a] = await migrated(3);
      const added = await mine();

      await operator.post(`/licences/${a}/review`, {});

      const after = await mine();
      expect(after).toMatchObject({
        eori: operator.company.eori,
        migrated: added.migrated,
        unreviewed: added.unreviewed - 1,
      });
      expect(added.migrated).toBeGreaterThanOrEqual(3);
      expect(before.status).toBe(200);
      expect((await commission.get('/migrations/eusurvey')).body.unreviewed).toBe(
        (await commission.get('/migrations/eusurvey/unreviewed')).body.unreviewed,
      );
      expect((await operator.get('/migrations/eusurvey/unreviewed')).status).toBe(403);
    });
  });

  describe('POST /licences/import (the operator import)', () => {
    it("imports licences as the platform's, unflagged", async () => {
      const response = await upload(h.url, operator, toCsv([aLicenceRow()]), CSV);

      expect(response.body).toMatchObject({ source: 'platform', created: 1 });
      const licence = await operator.get(`/licences/${response.body.rows[0].id}`);
      expect(licence.body).toMatchObject({ source: 'platform', reviewRequired: false });
    });
  });
});
