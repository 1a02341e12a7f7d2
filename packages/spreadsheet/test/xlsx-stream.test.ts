import { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { openXlsxSheet, type CellValue } from '../src';
import { crc32ByTable } from '../src/write/crc32';
import { expectedRow, readBack, unzipTest, writeWorkbook, zipEntries } from './support/xlsx-files';

const COLUMNS = ['text', 'number', 'flag', 'at'];

/** One cell of every kind the platform writes, and the text that has tripped writers before. */
const CELLS: [string, CellValue][] = [
  ['XML specials', `Smith & Sons <Ltd> "quoted" 'single'`],
  ['a literal entity', '&amp; stays &lt;text&gt;'],
  ['control characters XML 1.0 forbids', 'bell\u0007 null\u0000 vt\u000b esc\u001b end'],
  ['tab, line feed and carriage return', 'line 1\r\nline 2\ttabbed\rcr'],
  ['a literal Excel escape', 'code _x0041_ and _x005F_ stay text'],
  ['emoji and CJK', 'Ningbo 宁波韵升 🧲 Co. 株式会社'],
  ['a lone surrogate', 'broken \uD800 pair'],
  ['U+FFFE and U+FFFF', 'non\uFFFEchars\uFFFF'],
  ['leading and trailing spaces', '  padded  '],
  ['a leading line break', '\nindented'],
  ['a cell longer than a chunk of XML', '宁波 & <Co> _x0041_ \u0001 🧲 '.repeat(12_000)],
  ['a formula', '=HYPERLINK("http://evil.example","click")'],
  ['a formula already neutralised upstream', `'=1+1`],
  ['a leading minus in text', '-2+3'],
  ['a decimal', 1234.5678],
  ['a negative number', -42],
  ['a tiny number', 1.5e-10],
  ['a huge number', 9.87654321e21],
  ['zero', 0],
  ['true', true],
  ['false', false],
  ['an instant', new Date('2026-03-01T09:00:00.123Z')],
  ['an empty text', ''],
  ['null', null],
  ['undefined', undefined],
  ['NaN', Number.NaN],
  ['an invalid date', new Date(Number.NaN)],
];

describe('openXlsxSheet', () => {
  it('writes every kind of cell so that a reader gets back exactly what xlsxCellValue makes of it', async () => {
    const rows = CELLS.map(([, value]) => ['before', value, 7, value] as CellValue[]);

    const read = await readBack(await writeWorkbook(COLUMNS, rows));

    expect(read[0]).toEqual(COLUMNS);
    CELLS.forEach(([what, value], i) => {
      expect({ what, cells: read[i + 1] }).toEqual({ what, cells: expectedRow(['before', value, 7, value]) });
    });
    expect(read[1 + CELLS.findIndex(([w]) => w === 'a formula')]![1]).toBe(
      `'=HYPERLINK("http://evil.example","click")`,
    );
  });

  it('keeps the worksheet well-formed XML 1.0: specials as entities, forbidden characters escaped', async () => {
    const file = await writeWorkbook(COLUMNS, [CELLS.map(([, value]) => value)]);

    const xml = zipEntries(file).get('xl/worksheets/sheet1.xml')!.toString('utf8');

    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).toContain('Smith &amp; Sons &lt;Ltd&gt; &quot;quoted&quot;');
    expect(xml).toContain('bell_x0007_ null_x0000_ vt_x000B_');
    expect(xml).toContain('line 1&#13;\nline 2\ttabbed&#13;cr');
    expect(xml).toContain('code _x005F_x0041_ and _x005F_x005F_ stay text');
    expect(xml).toContain('<t xml:space="preserve">  padded  </t>');
  });

  it('writes the parts Excel needs and a zip that unzip -t verifies', async () => {
    const at = new Date('2026-04-01T12:34:56.789Z');
    const file = await writeWorkbook(COLUMNS, [['a', 1, true, at]]);

    expect([...zipEntries(file).keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const unzip = unzipTest(file);
    if (unzip)
      expect(unzip).toMatchObject({ status: 0, output: expect.stringContaining('No errors detected') });
    // exceljs's streaming reader follows the local headers and data descriptors, not the directory.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
      styles: 'cache',
      sharedStrings: 'ignore',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const rows: unknown[][] = [];
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>)
        rows.push((row.values as unknown[]).slice(1));
    }
    expect(rows).toEqual([COLUMNS, ['a', 1, true, at]]);
  });

  it('streams 50,000 rows of the licence export into a zip of several MB, every cell read back as written', async () => {
    const columns = Array.from({ length: 29 }, (_, i) => `column_${i + 1}`);
    const file = await writeWorkbook(columns, exportRows(50_000));

    expect(file.length).toBeGreaterThan(3 * 1024 * 1024);
    const unzip = unzipTest(file);
    if (unzip)
      expect(unzip).toMatchObject({ status: 0, output: expect.stringContaining('No errors detected') });
    // exceljs's streaming reader: row by row in little memory, following the local headers and
    // data descriptors rather than the directory. It decodes each inflated chunk on its own, so a
    // character split across two chunks comes out broken: these rows are ASCII (CJK and emoji
    // are read back whole above).
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
      styles: 'cache',
      sharedStrings: 'ignore',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    const expected = exportRows(50_000).map(expectedRow);
    let rows = 0;
    let firstMismatch: unknown;
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
        const want = row.number === 1 ? columns : expected[row.number - 2];
        if (row.number > 1) rows++;
        if (!firstMismatch && JSON.stringify(cells) !== JSON.stringify(want)) {
          firstMismatch = { row: row.number, cells, want };
        }
      }
    }
    expect({ rows, firstMismatch }).toEqual({ rows: 50_000, firstMismatch: undefined });
  }, 120_000);

  it('writes ZIP64 records where sizes and offsets need them, and zip tools and exceljs still read the file', async () => {
    const rows = CELLS.map(([, value]) => ['x', value] as CellValue[]);

    // Every size and offset at or above 0 is "too large": every ZIP64 field is written.
    const file = await writeWorkbook(COLUMNS, rows, { zip: { zip64From: 0 } });

    expect(file.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // the ZIP64 end record
    expect(file.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true); // and its locator
    const unzip = unzipTest(file);
    if (unzip)
      expect(unzip).toMatchObject({ status: 0, output: expect.stringContaining('No errors detected') });
    const read = await readBack(file);
    expect(read.slice(1)).toEqual(rows.map(expectedRow));
  });

  it('stops when the download is cut: the writer waiting for it rejects instead of hanging', async () => {
    const out = stalledOutput();
    const sheet = openXlsxSheet(out, { sheetName: 'licences', columns: COLUMNS });
    const row = exportRows(1)[0]!;
    let waiting: Promise<void> | undefined;
    while (!waiting) if (!sheet.addRow(row)) waiting = sheet.drained();

    out.destroy();

    await expect(waiting).rejects.toThrow('the output closed before the end of the file');
    expect(() => sheet.addRow(['after'])).toThrow('the output closed before the end of the file');
    await expect(sheet.end()).rejects.toThrow('the output closed before the end of the file');
  });

  it('takes only a bounded number of rows ahead of a client that does not read', async () => {
    const out = stalledOutput();
    const sheet = openXlsxSheet(out, { sheetName: 'licences', columns: COLUMNS });
    const row = exportRows(1)[0]!;
    let accepted = 0;
    // Add rows as a caller honouring back-pressure does, until drained() stops resolving (the
    // grace period only ends the test's loop: a slow machine stops it earlier, never later).
    for (;;) {
      accepted++;
      if (sheet.addRow(row)) continue;
      const drained = await Promise.race([sheet.drained().then(() => true), sleep(500).then(() => false)]);
      if (!drained) break;
    }

    // About 1 KB of XML a row: no more than a few MB is held for a client that reads nothing.
    expect(accepted).toBeLessThan(5_000);
    out.destroy();
  });

  it('refuses a sheet name Excel would not open, before writing a byte', () => {
    const out = stalledOutput();

    for (const name of ['', 'a/b', 'x'.repeat(32), "'quoted'", 'why?']) {
      expect(() => openXlsxSheet(out, { sheetName: name, columns: COLUMNS })).toThrow('is not a sheet name');
    }
    expect(out.writableLength).toBe(0);
  });
});

describe('crc32', () => {
  it('computes the same CRC-32 by table as zlib, in one go or continued chunk by chunk', () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251));
    const whole = zlib.crc32(data);

    expect(crc32ByTable(data)).toBe(whole);
    expect(crc32ByTable(data.subarray(40_000), crc32ByTable(data.subarray(0, 40_000)))).toBe(whole);
    expect(crc32ByTable(Buffer.from('123456789'))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
  });
});

/** An output whose client reads nothing: every write stays pending. */
function stalledOutput(): Writable {
  return new Writable({ highWaterMark: 16 * 1024, write() {} });
}

/** Rows shaped like the licence export's 29 cells (uuid, numbers, texts, dates, flags, blanks), ASCII, row i from i. */
function exportRows(count: number): CellValue[][] {
  return Array.from({ length: count }, (_, i) => [
    `2f1c${String(i).padStart(4, '0')}-7d4e-4b6a-9c1f-${String(i * 7919).padStart(12, '0')}`,
    `CN-2026-${String(i).padStart(7, '0')}`,
    i % 5 === 0 ? 'general' : 'individual',
    '2026-02-01',
    i % 3 === 0 ? null : '2027-01-31',
    '2026-01-01',
    new Date(Date.UTC(2026, 0, 1) + i * 61_000),
    i % 4 === 0 ? 'JL Mag Rare-Earth Co., Ltd.' : `Ningbo Magnet ${i} & Sons <Ltd>`,
    i % 2 === 0 ? `91330200${String(i).padStart(10, '0')}` : null,
    'automotive',
    'terbium;dysprosium',
    'magnets_ndfeb',
    i * 1.25,
    i % 7 === 0 ? null : -i * 10.5,
    i % 2 === 0,
    ['pending', 'processing', 'granted', 'refused'][i % 4]!,
    i % 4 >= 2 ? '2026-02-11' : null,
    i % 4 >= 2 ? (i % 45) + 1 : null,
    'not_received',
    i % 3 === 0 ? 'import' : 'web',
    i % 4,
    i % 4 ? new Date(Date.UTC(2026, 1, 1) + i * 1000) : null,
    `c0a8${String(i % 977).padStart(4, '0')}-0000-4000-8000-000000000000`,
    i % 11 === 0 ? `=HYPERLINK("http://evil.example/${i}")` : `Societe Generale ${i % 977} "SA"`,
    `FR${String(i % 977).padStart(12, '0')}`,
    'FR',
    ['FR', 'DE', 'IT', 'ES'][i % 4]!,
    i % 3 === 0,
    'automotive',
  ]);
}
