import type { AnyEnvelope, EusurveyMigrationReport, EusurveyRowReport } from '@lmp/contracts';
import { aLicence } from './support/builders';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';
import { aSurveyRow, exampleCsv, exampleRows, migrate, tableCounts } from './eusurvey-support';
import { toXlsx, XLSX } from './support/import-files';

// A real run of the example writes 28 licences, 6 companies and 7 users in one transaction.
jest.setTimeout(60_000);

const rowOf = (report: EusurveyMigrationReport, row: number) => report.rows.find((r) => r.row === row)!;
const outcomesOf = (report: EusurveyMigrationReport) =>
  Object.fromEntries(Object.entries(report.totals.outcomes).filter(([, n]) => n > 0));

/** The example file: 30 rows, 7 respondents (two of one company), row 18 repeats row 12's number, row 26 names neodymium. */
const EXAMPLE = {
  outcomes: { created: 28, 'duplicate-in-file': 1, invalid: 1 },
  duplicateRow: 18,
  firstOfDuplicate: 12,
  invalidRow: 26,
};

describe('POST /migrations/eusurvey with the example export', () => {
  let h: Harness;
  let commission: ApiClient;
  let submitted: { events: AnyEnvelope[] };
  let first: EusurveyMigrationReport;

  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    submitted = await h.captureEvents(['LicenceSubmitted', 'CompanyRegistered', 'UserJoinedCompany']);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a dry run reports every row and the totals, and writes nothing', async () => {
    await commission.get('/migrations/eusurvey'); // signed in: the analyst's own user exists
    const before = await tableCounts(h.db);

    const response = await migrate(h.url, commission, exampleCsv(), { query: '?dryRun=true' });

    expect(response.status).toBe(200);
    const report = response.body as EusurveyMigrationReport;
    expect(report).toMatchObject({ dryRun: true, runId: null });
    expect(outcomesOf(report)).toEqual({ 'would-create': 28, 'duplicate-in-file': 1, invalid: 1 });
    expect(report.totals).toMatchObject({
      rows: 30,
      respondents: 7,
      companies: { created: 6, found: 0 },
      users: { provisioned: 7, existing: 0 },
      licences: 28,
    });
    expect(rowOf(report, 2)).toMatchObject({
      respondentEmail: 'anna.keller@autoteile-beispiel.example',
      licenceNumber: 'CN-DU-2025-061001',
      outcome: 'would-create',
      company: { eori: 'DE100000000000001', id: null, outcome: 'would-create' },
      user: { id: null, outcome: 'would-provision' },
    });
    expect(rowOf(report, EXAMPLE.duplicateRow)).toMatchObject({
      outcome: 'duplicate-in-file',
      errors: [
        {
          field: 'licenceNumber',
          message: `appears more than once in this file (first on row ${EXAMPLE.firstOfDuplicate})`,
        },
      ],
    });
    expect(rowOf(report, EXAMPLE.invalidRow).outcome).toBe('invalid');
    expect(rowOf(report, EXAMPLE.invalidRow).errors).toEqual([
      {
        field: 'elements',
        message: expect.stringMatching(/^"neodymium" must be one of the controlled elements/),
      },
    ]);
    expect(await tableCounts(h.db)).toEqual(before);
    expect((await commission.get('/migrations/eusurvey')).body).toMatchObject({ runs: [], unreviewed: 0 });
  });

  it('a real run creates the companies, pre-provisioned users and flagged licences with their survey times', async () => {
    const response = await migrate(h.url, commission, exampleCsv());

    expect(response.status).toBe(200);
    first = response.body;
    expect(first.dryRun).toBe(false);
    expect(first.runId).toEqual(expect.any(String));
    expect(outcomesOf(first)).toEqual(EXAMPLE.outcomes);
    expect(first.totals).toMatchObject({
      companies: { created: 6 },
      users: { provisioned: 7 },
      licences: 28,
    });

    // 09:14:22 in Brussels on 3 June 2025 (summer time, UTC+2).
    const created = rowOf(first, 2);
    const licence = await commission.get(`/licences/${created.licenceId}`);
    expect(licence.body).toMatchObject({
      licenceNumber: 'CN-DU-2025-061001',
      source: 'eusurvey_migration',
      reviewRequired: true,
      submittedAt: '2025-06-03T07:14:22.000Z',
      status: 'granted',
      decisionDate: '2025-07-21',
    });
    const history = await commission.get(`/licences/${created.licenceId}/history`);
    expect(history.body[0]).toMatchObject({
      at: '2025-06-03T07:14:22.000Z',
      actor: { id: created.user!.id, name: 'anna.keller@autoteile-beispiel.example (EU Survey)' },
    });

    const all = await commission.get('/licences?source=eusurvey_migration&limit=200');
    expect(all.body.total).toBe(28);
    expect(all.body.items.every((l: { reviewRequired: boolean }) => l.reviewRequired)).toBe(true);

    // Two respondents of one company: one company, its first respondent its admin.
    const { rows: members } = await h.db.query(
      `SELECT u.email, u.company_role, u.subject FROM users u JOIN companies c ON c.id = u.company_id
        WHERE c.eori = 'DE100000000000001' ORDER BY u.email`,
    );
    expect(members).toEqual([
      {
        email: 'anna.keller@autoteile-beispiel.example',
        company_role: 'admin',
        subject: expect.stringMatching(/^eusurvey-provisioned:/),
      },
      {
        email: 'j.weber@autoteile-beispiel.example',
        company_role: 'member',
        subject: expect.stringMatching(/^eusurvey-provisioned:/),
      },
    ]);
    // Accounts are matched case-insensitively: the address is kept in lower case.
    expect(rowOf(first, 21).respondentEmail).toBe('p.nowak@energia-przyklad.example');
  });

  it('publishes LicenceSubmitted with the original submission time and the review flag, and the new companies and members', async () => {
    const licenceId = rowOf(first, 2).licenceId;
    const event = await waitUntil(
      () =>
        submitted.events.find(
          (e) => e.type === 'LicenceSubmitted' && (e.data as { licenceId: string }).licenceId === licenceId,
        ),
      'LicenceSubmitted of the migrated licence',
    );
    expect(event.data).toMatchObject({
      source: 'eusurvey_migration',
      reviewRequired: true,
      submittedAt: '2025-06-03T07:14:22.000Z',
    });
    const joined = await waitUntil(
      () => (submitted.events.filter((e) => e.type === 'UserJoinedCompany').length === 7 ? true : undefined),
      'seven UserJoinedCompany',
    );
    expect(joined).toBe(true);
    const companies = submitted.events.filter((e) => e.type === 'CompanyRegistered');
    expect(companies.map((e) => (e.data as { eori: string }).eori).sort()).toEqual([
      'DE100000000000001',
      'ES600000000000006',
      'FR200000000000002',
      'IT300000000000003',
      'NL500000000000005',
      'PL400000000000004',
    ]);
  });

  it('a re-run of the same file changes nothing and says which rows were migrated before', async () => {
    const before = await tableCounts(h.db);

    const response = await migrate(h.url, commission, exampleCsv());

    expect(response.status).toBe(200);
    const again = response.body as EusurveyMigrationReport;
    expect(again.runId).toBeNull();
    expect(outcomesOf(again)).toEqual({ 'already-migrated': 28, 'duplicate-in-file': 1, invalid: 1 });
    expect(rowOf(again, 2)).toMatchObject({
      outcome: 'already-migrated',
      licenceId: rowOf(first, 2).licenceId,
      company: { outcome: 'found' },
      user: { outcome: 'existing' },
    });
    expect(await tableCounts(h.db)).toEqual(before);
    const runs = await commission.get('/migrations/eusurvey');
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0]).toMatchObject({ id: first.runId, format: 'csv', totals: { licences: 28 } });
  });

  it('keeps the run with its per-row report', async () => {
    const run = await commission.get(`/migrations/eusurvey/runs/${first.runId}`);
    expect(run.status).toBe(200);
    expect(run.body.rows).toHaveLength(30);
    expect((run.body.rows as EusurveyRowReport[]).find((r) => r.row === 2)?.licenceId).toBe(
      rowOf(first, 2).licenceId,
    );
    expect(
      (await commission.get('/migrations/eusurvey/runs/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('binds a pre-provisioned respondent at their first sign-in with that address, in any case', async () => {
    const respondent = h.client({ email: 'P.NOWAK@energia-przyklad.example', name: 'Piotr Nowak' });

    const me = await respondent.get('/me');

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: rowOf(first, 21).user!.id, email: 'p.nowak@energia-przyklad.example', name: 'Piotr Nowak' },
      company: { eori: 'PL400000000000004', name: 'Energia Przykład Sp. z o.o.' },
    });
    const licences = await respondent.get('/licences?reviewRequired=true');
    expect(licences.body.total).toBe(4);
    const { rows } = await h.db.query(
      `SELECT p.bound_at, u.subject FROM eusurvey_provisioned_users p JOIN users u ON u.id = p.user_id
        WHERE p.email = 'p.nowak@energia-przyklad.example'`,
    );
    expect(rows).toEqual([{ bound_at: expect.any(Date), subject: respondent.identity.subject }]);
    expect((await commission.get('/migrations/eusurvey')).body.unboundUsers).toBe(6);
  });
});

describe('POST /migrations/eusurvey against the platform', () => {
  let h: Harness;
  let commission: ApiClient;

  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('reports a number another company registered on the platform, row by row, and leaves that licence alone', async () => {
    const holder = await h.operatorWithCompany();
    const registered = await holder.post('/licences', aLicence({ licenceNumber: 'PLAT-2025-0001' }));
    const rows = [aSurveyRow({ licenceNumber: 'plat 2025 0001' }), aSurveyRow()];

    const report = (await migrate(h.url, commission, { rows })).body as EusurveyMigrationReport;

    expect(report.rows.map((r) => r.outcome)).toEqual(['duplicate-on-platform', 'created']);
    expect(report.rows[0]!.errors).toEqual([
      {
        field: 'licenceNumber',
        message: `is already registered on the platform by another company: ${holder.company.name} (${holder.company.eori})`,
      },
    ]);
    const untouched = await holder.get(`/licences/${registered.body.id}`);
    expect(untouched.body).toMatchObject({ source: 'platform', reviewRequired: false, version: 1 });
  });

  it('puts a respondent who already has an account in their company, found by its EORI', async () => {
    const operator = await h.operatorWithCompany();
    const row = aSurveyRow({
      respondentEmail: operator.identity.email.toUpperCase(),
      eori: operator.company.eori,
    });

    const report = (await migrate(h.url, commission, { rows: [row] })).body as EusurveyMigrationReport;

    expect(report.rows[0]).toMatchObject({
      outcome: 'created',
      company: { id: operator.company.id, outcome: 'found' },
      user: { outcome: 'existing' },
    });
    expect(report.totals).toMatchObject({
      companies: { created: 0, found: 1 },
      users: { provisioned: 0, existing: 1 },
    });
    const mine = await operator.get('/licences?reviewRequired=true');
    expect(mine.body.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toEqual([
      row.licenceNumber,
    ]);
  });

  it("refuses a row whose respondent's account is in another company, and one whose respondent names two companies", async () => {
    const operator = await h.operatorWithCompany();
    const email = 'two.companies@survey.example';
    const rows = [
      aSurveyRow({ respondentEmail: operator.identity.email }),
      aSurveyRow({ respondentEmail: email, eori: 'DE11111111' }),
      aSurveyRow({ respondentEmail: email, eori: 'DE22222222' }),
    ];

    const report = (
      await migrate(h.url, commission, { rows, fileName: 'two.json' }, { query: '?dryRun=true' })
    ).body as EusurveyMigrationReport;

    expect(report.rows.map((r) => r.outcome)).toEqual(['invalid', 'would-create', 'invalid']);
    expect(report.rows[0]!.errors).toEqual([
      {
        field: 'eori',
        message: expect.stringContaining(
          `the respondent's account is in the company with EORI ${operator.company.eori}`,
        ),
      },
    ]);
    expect(report.rows[2]!.errors).toEqual([
      {
        field: 'eori',
        message: expect.stringContaining("differs from this respondent's row 2 (DE11111111)"),
      },
    ]);
  });

  it('checks every column of a row and names each bad one', async () => {
    const rows = [
      aSurveyRow({
        respondentEmail: 'not-an-address',
        submittedAt: '2025-11-02 10:00',
        memberState: 'CH',
        sme: 'perhaps',
        quantityKg: -1,
        applicationDate: '2025-06-15',
      }),
      aSurveyRow({ submittedAt: '2025-06-10 10:00', applicationDate: '2025-06-15' }),
    ];

    const report = (await migrate(h.url, commission, { rows }, { query: '?dryRun=true' }))
      .body as EusurveyMigrationReport;

    expect(report.rows[0]!.outcome).toBe('invalid');
    expect(report.rows[0]!.errors!.map((e) => e.field).sort()).toEqual(
      ['memberState', 'quantityKg', 'respondentEmail', 'sme', 'submittedAt'].sort(),
    );
    expect(report.rows[1]!.errors).toEqual([
      { field: 'applicationDate', message: 'must not be after the survey submission (submittedAt)' },
    ]);
  });

  it('reads the export as XLSX (submission times as date cells) and as JSON rows, with the same report', async () => {
    const rows = exampleRows();
    const asDateCell = (text: string) => {
      const [date, time] = text.split(' ');
      return new Date(`${date}T${time}Z`); // an XLSX date cell holds the time as shown
    };
    const xlsx = await toXlsx(rows.map((r) => ({ ...r, submittedAt: asDateCell(r.submittedAt!) })));

    const fromXlsx = await migrate(h.url, commission, xlsx, { contentType: XLSX, query: '?dryRun=true' });
    const fromJson = await migrate(h.url, commission, { rows }, { query: '?dryRun=true' });

    for (const response of [fromXlsx, fromJson]) {
      expect(response.status).toBe(200);
      expect(outcomesOf(response.body)).toEqual({ 'would-create': 28, 'duplicate-in-file': 1, invalid: 1 });
    }
    expect(fromXlsx.body.rows.map((r: EusurveyRowReport) => r.licenceNumber)).toEqual(
      rows.map((r) => r.licenceNumber),
    );
  });

  it("is the Commission's: an operator is refused (403), for the report and the listing too", async () => {
    const operator = await h.operatorWithCompany();

    const post = await migrate(h.url, operator, exampleCsv(), { query: '?dryRun=true' });
    const list = await operator.get('/migrations/eusurvey');
    const unreviewed = await operator.get('/migrations/eusurvey/unreviewed');

    for (const response of [post, list, unreviewed]) {
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it.each([
    ['an empty file', '', 'text/csv', '', 422, '(file)'],
    [
      'a header without its required columns',
      'respondentEmail,licenceNumber\r\na@b.example,X-1\r\n',
      'text/csv',
      '',
      422,
      'submittedAt',
    ],
    [
      'an unknown column',
      `${exampleCsv().toString().split('\r\n')[0]},colour\r\n`,
      'text/csv',
      '',
      422,
      'colour',
    ],
    [
      'a file that is no workbook',
      'not a zip',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      '',
      422,
      '(file)',
    ],
    ['a misspelt dry run', exampleCsv().toString(), 'text/csv', '?dryrun=true', 422, 'dryrun'],
  ])(
    'refuses %s with a problem naming it, and writes nothing',
    async (_what, body, contentType, query, status, field) => {
      const before = await tableCounts(h.db);

      const response = await migrate(h.url, commission, body, { contentType, query });

      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await tableCounts(h.db)).toEqual(before);
    },
  );

  it('refuses JSON without rows (422) and a body of another type (415)', async () => {
    const noRows = await migrate(h.url, commission, { rows: [] });
    const text = await migrate(h.url, commission, 'hello', { contentType: 'text/plain' });

    expect(noRows.status).toBe(422);
    expect(noRows.body.errors).toEqual([expect.objectContaining({ field: 'rows' })]);
    expect(text.status).toBe(415);
  });
});
