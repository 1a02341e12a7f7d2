import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readCsvSheet, readXlsxSheet } from '../src';

async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readCsvSheet', () => {
  it('reads the header and the rows with their line numbers, a BOM and quotes included', () => {
    const sheet = readCsvSheet(
      Buffer.from('\uFEFFlicence_number,status\r\n"CN-1, A",granted\r\n\r\nCN-2,refused\r\n'),
    );

    expect(sheet.header).toEqual(['licence_number', 'status']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: ['CN-1, A', 'granted'] },
      { row: 4, cells: ['CN-2', 'refused'] },
    ]);
  });

  it('refuses a file that is not CSV with a 422 naming the file', () => {
    expect(() => readCsvSheet(Buffer.from('a,b\n"unclosed,1\n'))).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED' }),
    );
  });
});

describe('readXlsxSheet', () => {
  it('reads the sheet it is asked for (any case), else the first visible one', async () => {
    const file = await workbook({ Notes: [['ignore me']], FEEDBACK: [['licence_number'], ['CN-1']] });

    expect((await readXlsxSheet(file, { preferredSheet: 'Feedback' })).rows).toEqual([
      { row: 2, cells: ['CN-1'] },
    ]);
    expect((await readXlsxSheet(file)).header).toEqual(['ignore me']);
  });

  it('refuses bytes that are not a workbook, and a zip that unpacks to far more than any honest file', async () => {
    await expect(readXlsxSheet(Buffer.from('not a zip'))).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
    });

    // One entry of 100 MB of zeros, declared honestly in a real zip structure.
    const data = Buffer.alloc(100 * 1024 * 1024);
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(30 + name.length + packed.length, 16);
    const bomb = Buffer.concat([local, name, packed, central, name, end]);

    await expect(readXlsxSheet(bomb)).rejects.toMatchObject({ code: 'HTTP.PAYLOAD_TOO_LARGE' });
  });
});
