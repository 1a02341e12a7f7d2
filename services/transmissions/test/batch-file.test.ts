import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { aLicenceRef, licenceSubmitted, type TestLicence } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/transmissions-harness';

describe('GET /transmissions/batches/{id}/file', () => {
  let h: Harness;
  let commission: ApiClient;
  let batch: { id: string; runNumber: number; fileSha256: string; itemCount: number };
  const licences: { licence: TestLicence; applicationDate: string }[] = [];
  /** Everything the events carried besides number and date: none of it may reach the file. */
  const elsewhere: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    h.clock.set('2026-04-01T10:00:00.000Z');
    commission = h.commission();
    const numbers = [
      'CN-2026-000101',
      'CN 2026, "quoted" 7',
      '=HYPERLINK("http://evil.example")',
      'CN-2026-中文-9',
    ];
    const events = numbers.map((licenceNumber, i) => {
      const licence = aLicenceRef({ licenceNumber });
      const applicationDate = `2026-01-1${i}`;
      licences.push({ licence, applicationDate });
      const event = licenceSubmitted(licence, {
        applicationDate,
        exporterName: `Beijing Zhong Ke San Huan High-Tech ${i}`,
        urgent: true,
        quantityKg: 777.5,
        valueEur: 123456,
      });
      elsewhere.push(licence.id, licence.companyId, event.actor.id, event.actor.name!, event.correlationId);
      elsewhere.push(
        `Beijing Zhong Ke San Huan High-Tech ${i}`,
        '777.5',
        '123456',
        '2026-03-10',
        'dysprosium',
      );
      return event;
    });
    await h.publishAndApply(events);
    batch = (await commission.post('/transmissions/batches', {})).body;
  });
  afterAll(async () => {
    await h.stop();
  });

  it('is a CSV with exactly the header licence_number,submission_date, RFC 4180, UTF-8', async () => {
    const response = await commission.download(`/transmissions/batches/${batch.id}/file?format=csv`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(
      `mofcom-batch-${String(batch.runNumber).padStart(4, '0')}.csv`,
    );
    expect(text.split('\r\n')[0]).toBe('licence_number,submission_date');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"CN 2026, ""quoted"" 7",2026-01-11\r\n');
    const rows: string[][] = parse(bytes, { relax_column_count: false });
    expect(rows).toHaveLength(batch.itemCount + 1);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        ['CN-2026-000101', '2026-01-10'],
        ['CN 2026, "quoted" 7', '2026-01-11'],
        ['CN-2026-中文-9', '2026-01-13'],
      ]),
    );
  });

  it('neutralises a licence number a spreadsheet would run as a formula', async () => {
    const text = await (await commission.download(`/transmissions/batches/${batch.id}/file`)).text();

    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")",2026-01-12\r\n`);
  });

  it('has the SHA-256 stored on the batch', async () => {
    const bytes = Buffer.from(
      await (await commission.download(`/transmissions/batches/${batch.id}/file`)).arrayBuffer(),
    );

    expect(createHash('sha256').update(bytes).digest('hex')).toBe(batch.fileSha256);
  });

  it('is an XLSX workbook with the same two columns on request', async () => {
    const response = await commission.download(`/transmissions/batches/${batch.id}/file?format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as never);

    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(workbook.worksheets).toHaveLength(1);
    const values = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(values[0]!.slice(1)).toEqual(['licence_number', 'submission_date']);
    expect(values).toHaveLength(batch.itemCount + 1);
    expect(values.slice(1).map((row) => row.slice(1))).toEqual(
      expect.arrayContaining([
        ['CN-2026-000101', '2026-01-10'],
        [`'=HYPERLINK("http://evil.example")`, '2026-01-12'],
      ]),
    );
  });

  it('carries no other licence field, company, person or e-mail address (data minimisation)', async () => {
    const csv = await (
      await commission.download(`/transmissions/batches/${batch.id}/file?format=csv`)
    ).text();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await (
        await commission.download(`/transmissions/batches/${batch.id}/file?format=xlsx`)
      ).arrayBuffer()) as never,
    );
    const sheet = workbook.worksheets[0]!;
    const xlsxCells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => xlsxCells.push(String(cell.value))));

    const allowed = new Set(['licence_number', 'submission_date']);
    for (const { licence, applicationDate } of licences) {
      allowed.add(licence.licenceNumber).add(`'${licence.licenceNumber}`).add(applicationDate);
    }
    const csvCells: string[] = (parse(csv) as string[][]).flat();
    for (const cells of [csvCells, xlsxCells]) {
      expect(cells.filter((cell) => !allowed.has(cell))).toEqual([]);
    }
    for (const text of [
      csv,
      xlsxCells.join('\n'),
      JSON.stringify([workbook.creator, workbook.lastModifiedBy, workbook.company]),
    ]) {
      for (const value of elsewhere) expect(text).not.toContain(value);
      expect(text).not.toMatch(/@/);
    }
    expect(sheet.columnCount).toBe(2);
  });

  it('answers 422 for another format', async () => {
    expect((await commission.get(`/transmissions/batches/${batch.id}/file?format=pdf`)).status).toBe(422);
  });
});
