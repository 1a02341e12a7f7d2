import pg from 'pg';
import { neutraliseFormula } from '@lmp/spreadsheet';
import { createTestDatabase, type TestDatabase } from '@lmp/testing';
import { neutraliseFormulaSql } from '../src/data-access/neutralise-formula.sql';

/**
 * The CSV export is written by PostgreSQL (COPY), so its formula guard is SQL: the same cases
 * through the spreadsheet package's rule and its SQL twin give the same cells.
 */
const CASES = [
  'plain text',
  'Ningbo Yunsheng Co., Ltd.',
  '=HYPERLINK("http://evil.example")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1',
  '\tplain after a tab',
  '\rplain after a carriage return',
  '\nplain after a line feed',
  '\n=1',
  '\u000b+1',
  '\f@1',
  '  =1',
  ' \t +1',
  '\u00a0=1',
  '\u2003-1',
  '\u3000@x',
  '\ufeff=1',
  '\u200b=1', // zero-width space: not white space for either
  '＝1',
  '＋1',
  '－1',
  '＠1',
  ' ＝1',
  'a=1',
  'x-1',
  "'=already quoted",
  '',
  ' ',
  '中文=名称',
  '=',
];

describe('the formula guard of the CSV export (SQL twin of neutraliseFormula)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['reporting'] });
    client = new pg.Client({ connectionString: database.urlFor('reporting') });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it.each(CASES.map((text) => [JSON.stringify(text), text]))('gives the same cell for %s', async (_name, text) => {
    const { rows } = await client.query<{ cell: string }>(
      `SELECT ${neutraliseFormulaSql('t.value')} AS cell FROM (SELECT $1::text AS value) t`,
      [text],
    );

    expect(rows[0]!.cell).toBe(neutraliseFormula(text));
  });

  it('leaves a missing value missing', async () => {
    const { rows } = await client.query(`SELECT ${neutraliseFormulaSql('NULL::text')} AS cell`);

    expect(rows[0].cell).toBeNull();
  });
});
