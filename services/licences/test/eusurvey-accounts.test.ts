import type { EusurveyMigrationReport } from '@lmp/contracts';
import { startHarness, type ApiClient, type Harness } from './support/licences-harness';
import { aSurveyRow, migrate, tableCounts } from './eusurvey-support';

jest.setTimeout(60_000);

/** The rows the migration may not attach or merge silently: accounts without a company, companies described twice. */
describe('POST /migrations/eusurvey: existing accounts and conflicting company columns', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    await commission.get('/me');
  });
  afterAll(async () => {
    await h.stop();
  });

  const run = async (rows: object[], query = '') => {
    const response = await migrate(h.url, commission, { rows }, { query });
    expect(response.status).toBe(200);
    return response.body as EusurveyMigrationReport;
  };

  describe('a respondent with an account but no company', () => {
    it.each([
      ['an existing company', true],
      ['a company the run creates', false],
    ])('is reported, not put into %s', async (_, companyExists) => {
      const companyless = h.client();
      await companyless.get('/me'); // signed in once: the account exists, without a company
      const holder = companyExists ? await h.operatorWithCompany() : undefined;
      const row = aSurveyRow({
        respondentEmail: companyless.identity.email,
        ...(holder ? { eori: holder.company.eori } : {}),
      });
      const before = await tableCounts(h.db);

      const dry = await run([row], '?dryRun=true');
      const real = await run([row]);

      for (const report of [dry, real]) {
        expect(report.rows[0]).toMatchObject({
          outcome: 'invalid',
          errors: [
            {
              field: 'respondentEmail',
              message: expect.stringMatching(
                /^this address has an account without a company: the company's admin can invite it/,
              ),
            },
          ],
        });
      }
      expect(real.runId).toBeNull();
      expect(await tableCounts(h.db)).toEqual(before);
      expect((await companyless.get('/me')).body.company).toBeNull();
    });

    it("is reported on their row only: the file's other rows are migrated", async () => {
      const companyless = h.client();
      await companyless.get('/me');
      const rows = [aSurveyRow({ respondentEmail: companyless.identity.email }), aSurveyRow()];

      const report = await run(rows);

      expect(report.rows.map((r) => r.outcome)).toEqual(['invalid', 'created']);
      expect(report.totals).toMatchObject({ users: { provisioned: 1, existing: 0 }, licences: 1 });
      expect((await companyless.get('/me')).body.company).toBeNull();
    });
  });

  describe('two rows of one new company', () => {
    it('that differ in its name, member state, SME or sector: the later row names each differing column', async () => {
      const first = aSurveyRow();
      const same = aSurveyRow({ eori: first.eori, companyName: first.companyName });
      const other = aSurveyRow({
        eori: first.eori,
        companyName: 'Another Name GmbH',
        memberState: 'AT',
        sme: true,
        companySector: 'electronics',
      });

      const report = await run([first, same, other], '?dryRun=true');

      expect(report.rows.map((r) => r.outcome)).toEqual(['would-create', 'would-create', 'invalid']);
      const fields = report.rows[2]!.errors!.map((e) => e.field).sort();
      expect(fields).toEqual(
        ['companyName', 'companySector', 'countryOfEstablishment', 'memberState', 'sme'].sort(),
      );
      const name = report.rows[2]!.errors!.find((e) => e.field === 'companyName')!;
      expect(name.message).toContain(`row ${report.rows[0]!.row}`);
      expect(name.message).toContain('"Another Name GmbH"');
      expect(report.totals.companies).toEqual({ created: 1, found: 0 });
    });

    it('are migrated into one company, with the first row details, when they agree', async () => {
      const first = aSurveyRow();
      const second = aSurveyRow({ eori: first.eori, companyName: first.companyName });

      const report = await run([first, second]);

      expect(report.rows.map((r) => r.outcome)).toEqual(['created', 'created']);
      expect(report.rows[0]!.company!.id).toBe(report.rows[1]!.company!.id);
      const { rows } = await h.db.query('SELECT name FROM companies WHERE eori = $1', [first.eori]);
      expect(rows).toEqual([{ name: first.companyName }]);
    });
  });
});
