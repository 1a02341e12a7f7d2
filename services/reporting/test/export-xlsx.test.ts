import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { REPORT_EXPORT_COLUMNS } from '@lmp/contracts';
import type { TestLicence } from '@lmp/testing';
import { startHarness, type ApiClient, type Harness } from './support/reporting-harness';
import { scenario } from './support/scenario';
import { exportLicences } from '../src/domain/export/export-licences.use-case';

/** Licences whose cells have tripped spreadsheet writers: XML specials, CJK, formulas, decimals, blanks. */
const SPECS = scenario([
  {
    submitted: {
      submittedAt: '2026-03-01T09:00:00.123Z',
      exporterName: 'Smith & Sons <Rare Earth> "Ltd"',
      exporterCreditCode: '91330200MA2AXXXX1Q',
      elements: ['terbium', 'dysprosium'],
      quantityKg: 1500.25,
      valueEur: 98765.43,
      urgent: true,
    },
    transmittedAt: ['2026-03-02T08:00:00.000Z'],
    company: { name: '=HYPERLINK("http://evil.example")', memberState: 'IT', sme: true },
  },
  {
    submitted: {
      submittedAt: '2026-03-02T09:00:00.000Z',
      licenceType: 'general',
      validFrom: '2026-02-01',
      validTo: '2027-01-31',
      exporterName: '宁波韵升股份有限公司 🧲',
      applicationDate: '2026-01-01',
      status: 'granted',
      decisionDate: '2026-01-31',
    },
    company: { name: '  Société Générale des Aimants  ', country: 'FR', memberState: 'FR' },
  },
  {
    submitted: { submittedAt: '2026-03-03T09:00:00.000Z', exporterName: '-1+2 Trading', quantityKg: 0.001 },
    decided: { to: 'refused', decisionDate: '2026-03-21', at: '2026-03-21T09:00:00.000Z' },
  },
]);

/** An XLSX cell written as the CSV export writes the same value. */
function asCsvText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

describe('GET /api/v1/reports/export?format=xlsx', () => {
  let h: Harness;
  let commission: ApiClient;
  beforeAll(async () => {
    h = await startHarness();
    commission = h.commission();
    await h.publishAndApply(SPECS.events);
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses, before a byte is sent, an XLSX of more licences than a sheet holds (the CSV has no limit)', async () => {
    const db = new pg.Pool({ connectionString: h.database.urlFor('reporting') });
    try {
      const now = new Date('2026-04-01T12:00:00Z');
      const over = exportLicences({
        db,
        query: { format: 'xlsx' },
        now,
        xlsxMaxLicences: SPECS.licences.length - 1,
      });
      await expect(over).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        errors: [expect.objectContaining({ field: 'format' })],
      });
      const narrowed = exportLicences({
        db,
        query: { format: 'xlsx', licenceType: 'general' },
        now,
        xlsxMaxLicences: SPECS.licences.length - 1,
      });
      await expect(narrowed).resolves.toMatchObject({ fileName: 'licences-2026-04-01.xlsx' });
      const csv = exportLicences({ db, query: { format: 'csv' }, now, xlsxMaxLicences: 0 });
      await expect(csv).resolves.toMatchObject({ fileName: 'licences-2026-04-01.csv' });
    } finally {
      await db.end();
    }
  });

  it('holds the same cells as the CSV export, licence for licence', async () => {
    const csv = await commission.download('/reports/export?format=csv');
    const xlsx = await commission.download('/reports/export?format=xlsx');
    const csvRows = parse((await csv.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('licences')!;

    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('licences-2026-04-01.xlsx');
    const header = REPORT_EXPORT_COLUMNS.map((_, i) => sheet.getRow(1).getCell(i + 1).value);
    expect(header).toEqual([...REPORT_EXPORT_COLUMNS]);
    expect(sheet.actualRowCount).toBe(1 + SPECS.licences.length);
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const fromXlsx = Object.fromEntries(
        REPORT_EXPORT_COLUMNS.map((column, i) => [column, asCsvText(row.getCell(i + 1).value)]),
      );
      expect(fromXlsx).toEqual(csvRows[r - 2]);
    }
  });

  it('writes numbers, booleans and instants as such, and text that cannot run as a formula', async () => {
    const [first, second] = SPECS.licences as [TestLicence, TestLicence];
    const response = await commission.download('/reports/export?format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('licences')!;
    const cellsOf = (id: string) => {
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
      return Object.fromEntries(REPORT_EXPORT_COLUMNS.map((column, i) => [column, row.getCell(i + 1).value]));
    };

    expect(cellsOf(first.id)).toMatchObject({
      submitted_at: new Date('2026-03-01T09:00:00.123Z'),
      exporter_name: 'Smith & Sons <Rare Earth> "Ltd"',
      elements: 'terbium;dysprosium',
      quantity_kg: 1500.25,
      value_eur: 98765.43,
      urgent: true,
      transmission_count: 1,
      last_transmitted_at: new Date('2026-03-02T08:00:00.000Z'),
      company_name: `'=HYPERLINK("http://evil.example")`,
      sme: true,
    });
    expect(cellsOf(second.id)).toMatchObject({
      licence_type: 'general',
      exporter_name: '宁波韵升股份有限公司 🧲',
      days_to_decision: 30,
      last_transmitted_at: null,
      company_name: '  Société Générale des Aimants  ',
      sme: false,
    });
  });
});
