import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { csvField, csvLine, CSV_BOM, neutraliseFormula, xlsxCellValue } from '../src';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(1+1)', `'@SUM(1+1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['  =1+1', `'  =1+1`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
  ])('makes %j text that cannot run', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it.each(['Ningbo Yunsheng Co., Ltd.', 'CN-2025-0001', 'a=b', 'e-mail: x@y.example', '', "'quoted"])(
    'leaves %j as it is',
    (input) => {
      expect(neutraliseFormula(input)).toBe(input);
    },
  );
});

describe('csvLine', () => {
  it('writes fields a CSV reader reads back exactly, text neutralised, numbers untouched', () => {
    const line = csvLine([
      '=1+1',
      'Zhong Ke "San Huan", Beijing',
      'two\nlines',
      -12.5,
      true,
      null,
      new Date(0),
    ]);

    const [row] = parse(line) as string[][];

    expect(row).toEqual([
      "'=1+1",
      'Zhong Ke "San Huan", Beijing',
      'two\nlines',
      '-12.5',
      'true',
      '',
      '1970-01-01T00:00:00.000Z',
    ]);
    expect(line.endsWith('\r\n')).toBe(true);
  });

  it('neutralises before quoting, so a quoted formula stays text', () => {
    expect(csvField('=A1,"x"')).toBe(`"'=A1,""x"""`);
  });

  it('offers a byte-order mark for spreadsheets to read UTF-8', () => {
    expect(CSV_BOM).toBe('\uFEFF');
  });
});

describe('xlsxCellValue', () => {
  it('stores text that cannot run as a formula in a real workbook, numbers as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('licences');
    sheet.addRow(['=1+1', '@SUM(A1)', -5, 'plain', null].map(xlsxCellValue));

    const reread = new ExcelJS.Workbook();
    await reread.xlsx.load(await workbook.xlsx.writeBuffer());
    const row = reread.getWorksheet('licences')!.getRow(1);

    expect([1, 2, 3, 4].map((column) => row.getCell(column).value)).toEqual([
      "'=1+1",
      "'@SUM(A1)",
      -5,
      'plain',
    ]);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).formula).toBeUndefined();
    expect(row.getCell(5).value).toBeNull();
  });
});
