import { suppressRow } from './shareable-suppression';

const row = (total: number, pending: number, granted: number, refused: number) =>
  suppressRow({ period: null, key: 'automotive', total, pending, granted, refused });

describe(suppressRow.name, () => {
  it('shows every count of 5 or more, and the approval rate', () => {
    expect(row(30, 10, 12, 8)).toEqual({
      period: null,
      key: 'automotive',
      total: { value: 30, suppressed: false },
      pending: { value: 10, suppressed: false },
      granted: { value: 12, suppressed: false },
      refused: { value: 8, suppressed: false },
      approvalRate: { value: 0.6, suppressed: false },
    });
  });

  it.each([
    ['under 5', 4],
    ['zero', 0],
    ['one', 1],
  ])('suppresses a count %s', (_what, n) => {
    expect(row(n, n, 0, 0).total).toEqual({ value: null, suppressed: true });
  });

  it('suppresses a second part when only one would be hidden, so it cannot be recomputed from the total', () => {
    const r = row(30, 3, 12, 15);

    expect(r.pending).toEqual({ value: null, suppressed: true });
    expect(r.granted).toEqual({ value: null, suppressed: true });
    expect(r.refused).toEqual({ value: 15, suppressed: false });
    expect(r.total).toEqual({ value: 30, suppressed: false });
  });

  it('suppresses the approval rate when granted or refused is suppressed', () => {
    expect(row(20, 13, 5, 2).approvalRate).toEqual({ value: null, suppressed: true });
  });
});
