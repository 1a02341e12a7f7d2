import { AppError } from '@lmp/errors';
import { checkRow, FILE_COLUMNS, inputOfFileRow, rowsOfSheet } from './feedback-rows';

describe('rowsOfSheet', () => {
  it('takes the header licence_number,status,date in any case, trimmed, and skips empty rows', () => {
    const { rows, extraCells } = rowsOfSheet({
      header: [' LICENCE_NUMBER', 'Status ', 'date', null],
      rows: [
        { row: 2, cells: ['CN-1', 'granted', new Date(Date.UTC(2026, 2, 20))] },
        { row: 3, cells: [null, '', '  '] },
        { row: 4, cells: ['CN-2', 'refused', null, 'note'] },
      ],
    });

    expect(rows).toEqual([
      { row: 2, licenceNumber: 'CN-1', status: 'granted', date: '2026-03-20' },
      { row: 4, licenceNumber: 'CN-2', status: 'refused', date: null },
    ]);
    expect([...extraCells]).toEqual([4]);
  });

  it.each([
    [['licence_number', 'status']],
    [['licence_number', 'date', 'status']],
    [['number', 'status', 'date']],
  ])('refuses the header %j', (header) => {
    expect(() => rowsOfSheet({ header, rows: [{ row: 2, cells: ['CN-1', 'granted', null] }] })).toThrow(
      AppError,
    );
  });
});

describe('checkRow', () => {
  const check = (licenceNumber: string | null, status: string | null, date: string | null) => {
    const row = { row: 2, licenceNumber, status, date };
    return checkRow(row, inputOfFileRow(row), FILE_COLUMNS);
  };

  it('normalises the number and the status', () => {
    expect(check('cn 2026/ав12', ' GRANTED', '2026-03-20')).toMatchObject({
      ok: true,
      row: {
        numberNormalised: 'CN2026AB12',
        status: 'granted',
        valid: { status: 'granted', date: '2026-03-20' },
      },
    });
  });

  it.each([
    [null, 'granted', null, 'licence_number: is required'],
    ['---', 'granted', null, 'licence_number: has no letters or digits'],
    ['CN-1', 'approved', null, 'status: must be one of pending, processing, granted, refused'],
    ['CN-1', null, null, 'status: must be one of pending, processing, granted, refused'],
    ['CN-1', 'granted', '2026-02-30', 'date: must be a date YYYY-MM-DD'],
  ])('reports %j %j %j as invalid: %s', (number, status, date, reason) => {
    expect(check(number, status, date)).toEqual({ ok: false, row: expect.any(Object), reason });
  });
});
