import { randomUUID } from 'node:crypto';
import { ZLicenceInput } from '@lmp/contracts';
import { createOutboxNotifier } from '@lmp/bus';
import type { Db } from '@lmp/service';
import { writeLicenceRegistrations } from '../src/data-access/licence-registrations.writer';
import { DUPLICATE_NUMBER_MESSAGE } from '../src/domain/licence/duplicate-number';
import { newRegistration } from '../src/domain/licence/new-registration';
import { aLicence } from './support/builders';
import {
  aLicenceRow,
  CSV,
  toCsv,
  toXlsx,
  upload,
  XLSX,
  zipOfZeros,
  type FileRow,
} from './support/import-files';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';
import { countStoredRows } from './support/stored-rows';

describe('POST /licences/import', () => {
  let h: Harness;
  let db: Db;
  beforeAll(async () => {
    h = await startHarness();
    db = h.db;
  });
  afterAll(async () => {
    await h.stop();
  });

  const importFile = (client: ApiClient, body: string | Buffer, type = CSV, query = '') =>
    upload(h.url, client, body, type, query);
  const rowsOf = (count: number, overrides: FileRow = {}) =>
    Array.from({ length: count }, () => aLicenceRow(overrides));
  const storedRows = () => countStoredRows(h.database.urlFor('licences'));
  const respelt = (licenceNumber: unknown) => String(licenceNumber).toLowerCase().replace(/-/g, ' ');
  const countFor = async (table: 'licences' | 'outbox_events', companyId: string) =>
    Number(
      (
        await db.query(
          table === 'licences'
            ? 'SELECT count(*) FROM licences WHERE company_id = $1'
            : "SELECT count(*) FROM outbox_events WHERE type = 'LicenceSubmitted' AND payload->'data'->>'companyId' = $1",
          [companyId],
        )
      ).rows[0].count,
    );

  describe('CSV', () => {
    it('creates every row with its history and LicenceSubmitted, and reports each row', async () => {
      const capture = await h.captureEvents(['LicenceSubmitted']);
      const operator = await h.operatorWithCompany();
      const rows = rowsOf(3);

      const response = await importFile(operator, toCsv(rows), CSV, '');

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        dryRun: false,
        source: 'platform',
        total: 3,
        created: 3,
        valid: 0,
        failed: 0,
      });
      expect(response.body.rows).toEqual(
        rows.map((r, i) => ({
          row: i + 2,
          licenceNumber: r.licenceNumber,
          status: 'created',
          id: expect.any(String),
        })),
      );
      const [first] = response.body.rows;
      const licence = await operator.get(`/licences/${first.id}`);
      expect(licence.body).toMatchObject({
        licenceNumber: rows[0]!.licenceNumber,
        source: 'platform',
        exporter: { name: 'JL Mag Rare-Earth Co., Ltd.', creditCode: null },
        elements: ['dysprosium', 'terbium'],
        quantityKg: 1250,
        status: 'pending',
      });
      const history = await operator.get(`/licences/${first.id}/history`);
      expect(history.body).toHaveLength(1);
      expect(history.body[0].changes.licenceNumber).toEqual({ from: null, to: rows[0]!.licenceNumber });
      const ids = response.body.rows.map((r: { id: string }) => r.id);
      await waitUntil(
        () =>
          ids.every((id: string) =>
            capture.events.some((e) => (e.data as { licenceId: string }).licenceId === id),
          ),
        'a LicenceSubmitted per created row',
      );
    });

    it("refuses source=eusurvey_migration: migrating the EU Survey is the Commission's (POST /migrations/eusurvey)", async () => {
      const operator = await h.operatorWithCompany();

      const response = await importFile(operator, toCsv(rowsOf(2)), CSV, '?source=eusurvey_migration');

      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'source' })]);
      expect((await operator.get('/licences')).body.total).toBe(0);
    });

    it("reads Excel's semicolon CSV with a BOM, comma-separated elements and yes/no", async () => {
      const operator = await h.operatorWithCompany();
      const row = aLicenceRow({
        elements: 'Dysprosium, terbium',
        urgent: 'yes',
        urgencyReason: 'Line 3 stops on 1 May',
        mofcomCentralLevel: 'Yes',
        sector: 'Automotive',
      });

      const response = await importFile(operator, '\ufeff' + toCsv([row], { delimiter: ';' }));

      expect(response.body).toMatchObject({ created: 1, failed: 0 });
      const licence = await operator.get(`/licences/${response.body.rows[0].id}`);
      expect(licence.body).toMatchObject({
        elements: ['dysprosium', 'terbium'],
        urgent: true,
        sector: 'automotive',
      });
    });

    it('numbers a row by the line it starts on when a cell spans lines', async () => {
      const operator = await h.operatorWithCompany();
      const rows = [
        aLicenceRow({ customsNote: 'first line\nsecond line' }),
        aLicenceRow({ quantityKg: 'lots' }),
      ];

      const response = await importFile(operator, toCsv(rows));

      expect(response.body.rows.map((r: { row: number }) => r.row)).toEqual([2, 4]);
      expect(response.body.rows[1].errors).toEqual([
        { field: 'quantityKg', message: expect.stringMatching(/must be a number/) },
      ]);
    });
  });

  describe('XLSX', () => {
    it('creates the rows of the first sheet, reading real date, number and boolean cells', async () => {
      const operator = await h.operatorWithCompany();
      const rows = [
        aLicenceRow({
          applicationDate: new Date(Date.UTC(2025, 5, 2)),
          quantityKg: 1250.5,
          mofcomCentralLevel: true,
        }),
        aLicenceRow({ status: 'granted', decisionDate: new Date(Date.UTC(2025, 7, 1)), urgent: false }),
        aLicenceRow({ elements: 'europium;samarium', exporterCreditCode: '91330200MA2AXYW12K' }),
      ];

      const response = await importFile(operator, await toXlsx(rows), XLSX);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 3, created: 3, failed: 0 });
      expect(response.body.rows.map((r: { row: number }) => r.row)).toEqual([2, 3, 4]);
      const [a, b, c] = await Promise.all(
        response.body.rows.map((r: { id: string }) => operator.get(`/licences/${r.id}`)),
      );
      expect(a.body).toMatchObject({
        applicationDate: '2025-06-02',
        quantityKg: 1250.5,
        mofcomCentralLevel: true,
      });
      expect(b.body).toMatchObject({ status: 'granted', decisionDate: '2025-08-01' });
      expect(c.body.exporter.creditCode).toBe('91330200MA2AXYW12K');
    });

    it('refuses a file that is not a workbook with 422', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, Buffer.from('not a zip at all'), XLSX);
      expect(response.status).toBe(422);
      expect(response.body.detail).toMatch(/not a readable XLSX/);
    });

    it('refuses a small workbook that unpacks to a huge one with 413', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, zipOfZeros(80 * 1024 * 1024), XLSX);
      expect(response.status).toBe(413);
    });
  });

  describe('dry run', () => {
    it('checks every row, duplicates included, and writes nothing', async () => {
      const holder = await h.operatorWithCompany();
      const taken = aLicence();
      expect((await holder.post('/licences', taken)).status).toBe(201);
      const operator = await h.operatorWithCompany();
      const [first, second] = rowsOf(2);
      const rows = [
        first!,
        second!,
        aLicenceRow({ sector: 'fishing' }),
        // The first row's number again, in lower case with spaces for dashes.
        { ...first!, licenceNumber: respelt(first!.licenceNumber) },
        // A number another company registered, without its dashes.
        aLicenceRow({ licenceNumber: taken.licenceNumber.replace(/-/g, '').toLowerCase() }),
      ];
      const file = toCsv(rows);
      const before = await storedRows();

      const response = await importFile(operator, file, CSV, '?dryRun=true');

      expect(response.body).toMatchObject({ dryRun: true, total: 5, created: 0, valid: 2, failed: 3 });
      expect(response.body.rows.map((r: { status: string }) => r.status)).toEqual([
        'valid',
        'valid',
        'failed',
        'failed',
        'failed',
      ]);
      expect(response.body.rows[0].id).toBeUndefined();
      expect(response.body.rows).toEqual([
        { row: 2, licenceNumber: first!.licenceNumber, status: 'valid' },
        { row: 3, licenceNumber: second!.licenceNumber, status: 'valid' },
        {
          row: 4,
          licenceNumber: rows[2]!.licenceNumber,
          status: 'failed',
          errors: [expect.objectContaining({ field: 'sector' })],
        },
        {
          row: 5,
          licenceNumber: rows[3]!.licenceNumber,
          status: 'failed',
          errors: [
            { field: 'licenceNumber', message: 'appears more than once in this file (first on row 2)' },
          ],
        },
        {
          row: 6,
          licenceNumber: rows[4]!.licenceNumber,
          status: 'failed',
          errors: [{ field: 'licenceNumber', message: DUPLICATE_NUMBER_MESSAGE }],
        },
      ]);
      expect(JSON.stringify(response.body)).not.toContain(holder.company.id);
      expect(await countFor('licences', operator.company.id)).toBe(0);
      expect(await countFor('outbox_events', operator.company.id)).toBe(0);
      expect(await storedRows()).toEqual(before);

      // The same file for real writes exactly the rows the dry run found valid.
      const real = await importFile(operator, file);

      expect(real.body).toMatchObject({ dryRun: false, total: 5, created: 2, valid: 0, failed: 3 });
      expect(real.body.rows.map((r: { status: string }) => r.status)).toEqual([
        'created',
        'created',
        'failed',
        'failed',
        'failed',
      ]);
      expect(real.body.rows.slice(2)).toEqual(response.body.rows.slice(2));
      const stored = (await operator.get('/licences')).body.items.map(
        (l: { licenceNumber: string }) => l.licenceNumber,
      );
      expect(stored.sort()).toEqual([first!.licenceNumber, second!.licenceNumber].sort());
      expect(await countFor('outbox_events', operator.company.id)).toBe(2);
      expect(await countFor('licences', holder.company.id)).toBe(1);
    });

    it('refuses an unknown or misspelt option rather than importing for real', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, toCsv(rowsOf(1)), CSV, '?dryrun=true');
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ field: 'dryrun', message: 'is not a known field' }]);
      expect(await countFor('licences', operator.company.id)).toBe(0);
    });
  });

  describe('rows that break a rule', () => {
    const cases: [string, FileRow, string, RegExp?][] = [
      ['an application date in the future', { applicationDate: '2999-01-01' }, 'applicationDate', /future/],
      ['a malformed date', { applicationDate: '02/06/2025' }, 'applicationDate', /YYYY-MM-DD/],
      ['granted without a decision date', { status: 'granted' }, 'decisionDate'],
      ['blocked at customs without a note', { customsStatus: 'blocked' }, 'customsNote'],
      ['a general licence without validity', { licenceType: 'general' }, 'validFrom'],
      [
        'a general licence valid longer than a year',
        { licenceType: 'general', validFrom: '2025-12-01', validTo: '2027-06-01' },
        'validTo',
      ],
      [
        'an element that is not controlled',
        { elements: 'dysprosium;neodymium' },
        'elements',
        /"neodymium" must be one of/,
      ],
      ['no element', { elements: '' }, 'elements', /is required/],
      ['central level not confirmed', { mofcomCentralLevel: 'false' }, 'mofcomCentralLevel', /central level/],
      ['central level left empty', { mofcomCentralLevel: '' }, 'mofcomCentralLevel'],
      ['an urgent request without a reason', { urgent: 'true' }, 'urgencyReason'],
      ['a negative quantity', { quantityKg: -5 }, 'quantityKg'],
      ['a quantity that is not a number', { quantityKg: '1.250,5' }, 'quantityKg', /must be a number/],
      ['an unknown sector', { sector: 'fishing' }, 'sector'],
      ['a bad boolean', { urgent: 'maybe' }, 'urgent', /true or false/],
      ['a missing exporter', { exporterName: '' }, 'exporterName', /is required/],
      ['a missing licence number', { licenceNumber: '' }, 'licenceNumber', /is required/],
    ];

    it('reports each with its row number and column, and imports the good rows around them', async () => {
      const operator = await h.operatorWithCompany();
      const rows = cases.flatMap(([, overrides]) => [aLicenceRow(), aLicenceRow(overrides)]);

      const response = await importFile(operator, toCsv(rows));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        total: rows.length,
        created: cases.length,
        failed: cases.length,
      });
      cases.forEach(([name, , field, message], i) => {
        const good = response.body.rows[2 * i];
        const bad = response.body.rows[2 * i + 1];
        expect({ name, good: good.status }).toEqual({ name, good: 'created' });
        expect({ name, row: bad.row, status: bad.status }).toEqual({
          name,
          row: 2 * i + 3,
          status: 'failed',
        });
        expect({ name, errors: bad.errors }).toEqual({
          name,
          errors: expect.arrayContaining([
            { field, message: message ? expect.stringMatching(message) : expect.any(String) },
          ]),
        });
      });
      expect(await countFor('licences', operator.company.id)).toBe(cases.length);
    });

    it('names every bad cell of a row at once', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(
        operator,
        toCsv([aLicenceRow({ sector: 'x', productType: 'y', quantityKg: 'z' })]),
      );
      expect(response.body.rows[0].errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'productType',
        'quantityKg',
        'sector',
      ]);
    });
  });

  describe('duplicates', () => {
    it('imports the first row of a number that appears twice in the file and reports the second', async () => {
      const operator = await h.operatorWithCompany();
      const row = aLicenceRow();
      const respelled = String(row.licenceNumber).toLowerCase().replace(/-/g, ' ');

      const response = await importFile(
        operator,
        toCsv([row, aLicenceRow(), { ...row, licenceNumber: respelled }]),
      );

      expect(response.body).toMatchObject({ created: 2, failed: 1 });
      expect(response.body.rows[2]).toEqual({
        row: 4,
        licenceNumber: respelled,
        status: 'failed',
        errors: [{ field: 'licenceNumber', message: 'appears more than once in this file (first on row 2)' }],
      });
    });

    it("refuses another company's number with the 409's words, never naming the holder", async () => {
      const holder = await h.operatorWithCompany();
      const licence = aLicence();
      expect((await holder.post('/licences', licence)).status).toBe(201);
      const operator = await h.operatorWithCompany();
      const row = aLicenceRow({ licenceNumber: licence.licenceNumber.toLowerCase().replace(/-/g, ' ') });

      const response = await importFile(operator, toCsv([row]));

      expect(response.body.rows[0]).toMatchObject({
        status: 'failed',
        errors: [{ field: 'licenceNumber', message: DUPLICATE_NUMBER_MESSAGE }],
      });
      expect(JSON.stringify(response.body)).not.toContain(holder.company.name);
      expect(JSON.stringify(response.body)).not.toContain(holder.company.id);
    });

    it('tells a company re-running a file which rows it already holds', async () => {
      const operator = await h.operatorWithCompany();
      const file = toCsv(rowsOf(2));
      await importFile(operator, file);

      const again = await importFile(operator, file);

      expect(again.body).toMatchObject({ created: 0, failed: 2 });
      expect(again.body.rows[0].errors).toEqual([
        { field: 'licenceNumber', message: 'is already registered by your company' },
      ]);
    });
  });

  describe('the file as a whole', () => {
    it('refuses unknown columns with 422 naming them', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, toCsv([aLicenceRow({ colour: 'red', Weight: 3 })]));
      expect(response.status).toBe(422);
      expect(response.body.detail).toMatch(/unknown columns: colour, Weight/);
      expect(response.body.errors).toEqual([
        { field: 'colour', message: 'is not a known column' },
        { field: 'Weight', message: 'is not a known column' },
      ]);
    });

    it('refuses missing required columns with 422 naming them', async () => {
      const operator = await h.operatorWithCompany();
      const { sector: _s, mofcomCentralLevel: _m, ...row } = aLicenceRow();
      const response = await importFile(operator, toCsv([row]));
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        { field: 'sector', message: 'is a required column' },
        { field: 'mofcomCentralLevel', message: 'is a required column' },
      ]);
    });

    it('refuses an empty file and a file with no rows with 422', async () => {
      const operator = await h.operatorWithCompany();
      expect((await importFile(operator, '')).status).toBe(422);
      const headerOnly = await importFile(operator, toCsv([], { columns: Object.keys(aLicenceRow()) }));
      expect(headerOnly.status).toBe(422);
      expect(headerOnly.body.detail).toMatch(/no licences/);
    });

    it('refuses more than 5,000 rows with 422', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, toCsv(rowsOf(5001)));
      expect(response.status).toBe(422);
      expect(response.body.detail).toMatch(/at most 5000/);
      expect(await countFor('licences', operator.company.id)).toBe(0);
    });

    it('answers 415 to another content type', async () => {
      const operator = await h.operatorWithCompany();
      for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
        const response = await importFile(operator, toCsv(rowsOf(1)), type);
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('answers 413 to a file over 5 MB', async () => {
      const operator = await h.operatorWithCompany();
      const response = await importFile(operator, 'x'.repeat(5 * 1024 * 1024 + 1));
      expect(response.status).toBe(413);
    });
  });

  describe('who may import', () => {
    it('refuses Commission staff with 403', async () => {
      const commission = h.commission();
      await commission.get('/me');
      const rows = rowsOf(1);
      const before = await storedRows();
      const response = await importFile(commission, toCsv(rows));
      expect(response.status).toBe(403);
      expect(await storedRows()).toEqual(before);
      const search = await commission.get(
        `/licences?q=${encodeURIComponent(String(rows[0]!.licenceNumber))}`,
      );
      expect(search.body.total).toBe(0);
    });

    it('refuses an operator without a company with 403', async () => {
      const operator = h.client();
      await operator.get('/me');
      const rows = rowsOf(1);
      const before = await storedRows();
      const response = await importFile(operator, toCsv(rows));
      expect(response.status).toBe(403);
      expect(response.body.type).toMatch(/company-required$/);
      expect(await storedRows()).toEqual(before);
      const search = await h
        .commission()
        .get(`/licences?q=${encodeURIComponent(String(rows[0]!.licenceNumber))}`);
      expect(search.body.total).toBe(0);
    });

    it('answers 401 without the gateway identity', async () => {
      const response = await fetch(`${h.url}/api/v1/licences/import`, {
        method: 'POST',
        headers: { 'content-type': CSV },
        body: 'a',
      });
      expect(response.status).toBe(401);
    });
  });

  it('reports a row the database could not store (a NUL character) as failed, and imports the rest', async () => {
    const operator = await h.operatorWithCompany();
    const rows = [...rowsOf(150), aLicenceRow({ exporterName: 'Ningbo\u0000Yunsheng' })];

    const response = await importFile(operator, toCsv(rows));

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 151, created: 150, failed: 1 });
    expect(response.body.rows[150].errors).toEqual([expect.objectContaining({ field: 'exporterName' })]);
    expect(await countFor('licences', operator.company.id)).toBe(150);
  });

  it('imports a 2,000-row file in full', async () => {
    const operator = await h.operatorWithCompany();

    const response = await importFile(operator, toCsv(rowsOf(2000)));

    expect(response.body).toMatchObject({ total: 2000, created: 2000, failed: 0 });
    expect(await countFor('licences', operator.company.id)).toBe(2000);
    expect(await countFor('outbox_events', operator.company.id)).toBe(2000);
    expect((await operator.get('/licences')).body.total).toBe(2000);
  }, 120_000); // counts are asserted, not time: a busy shared machine may take a while

  describe(writeLicenceRegistrations.name, () => {
    it('still writes the rest of a chunk when a number was registered since the pre-check', async () => {
      const operator = await h.operatorWithCompany();
      const taken = aLicence();
      expect((await (await h.operatorWithCompany()).post('/licences', taken)).status).toBe(201);
      const actor = {
        userId: randomUUID(),
        email: operator.identity.email,
        name: operator.identity.name,
        role: 'operator' as const,
        companyId: operator.company.id,
        companyRole: 'admin' as const,
      };
      const registrations = [aLicence(), taken, aLicence()].map(
        (input) =>
          newRegistration(actor, ZLicenceInput.parse(input), { source: 'platform', now: new Date() })
            .registration,
      );

      const outbox = createOutboxNotifier({ pool: db, schema: 'licences' });
      const outcomes = await writeLicenceRegistrations(db, registrations, outbox);
      await outbox.close();

      expect(outcomes).toEqual(['created', 'duplicate', 'created']);
      expect(await countFor('licences', operator.company.id)).toBe(2);
      expect(await countFor('outbox_events', operator.company.id)).toBe(2);
    });
  });
});
