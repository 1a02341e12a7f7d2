import { breakdownOf, summaryOf, timelineOf } from './index-reports';
import { dayNumber } from './index-scan';
import { LicenceIndex } from './licence-index';
import type { IndexRow } from './licence-index.types';

/**
 * The report index keeps each column as narrow as its values allow (index-columns.ts): these are
 * the values that do not fit the narrow types, and the figures must come out as exact as for any
 * other licence (the component tests, ground truth among them, cover the ordinary ones).
 */

interface Licence {
  slot: number;
  submittedOn?: string | null;
  applicationDate?: string | null;
  decisionDate?: string | null;
  status?: 'pending' | 'processing' | 'granted' | 'refused';
  statusChangedAt?: string | null;
  transmissions?: number;
  exporter?: string | null;
}

const day = (date: string | null | undefined) => (date ? dayNumber(date) : null);

function row(l: Licence): IndexRow {
  return [
    l.slot,
    true,
    false,
    'automotive',
    'DE',
    'false',
    'individual',
    'magnets_ndfeb',
    'not_started',
    l.status ?? 'pending',
    l.exporter === undefined ? 'JL Mag Rare-Earth Co., Ltd.' : l.exporter,
    null,
    ['terbium'],
    day(l.submittedOn === undefined ? '2026-03-01' : l.submittedOn),
    day(l.applicationDate),
    day(l.decisionDate),
    l.statusChangedAt === null ? null : Date.parse(l.statusChangedAt ?? '2026-03-01T09:00:00.000Z'),
    l.transmissions ?? 0,
  ];
}

const indexOf = (licences: Licence[]) => {
  const ix = new LicenceIndex();
  ix.set(licences.map(row));
  return ix;
};

describe(LicenceIndex.name, () => {
  it('counts a licence stale from the very millisecond its status is 14 days old, not a millisecond before', () => {
    const changedAt = '2026-03-18T12:00:00.123Z';
    const ix = indexOf([{ slot: 0, statusChangedAt: changedAt, transmissions: 1 }]);
    const at = Date.parse(changedAt);

    expect(summaryOf(ix, {}, at).all?.stale_pending).toBe(1);
    expect(summaryOf(ix, {}, at - 1).all?.stale_pending).toBe(0);
    expect(summaryOf(ix, {}, at + 1).all?.stale_pending).toBe(1);
  });

  it('never counts stale a licence whose status change is unknown, nor one changed before 1970 as fresh', () => {
    const ix = indexOf([
      { slot: 0, statusChangedAt: null, transmissions: 1 },
      { slot: 1, statusChangedAt: '1969-12-31T23:59:59.000Z', transmissions: 1 },
    ]);

    expect(summaryOf(ix, {}, Date.parse('2026-04-01T00:00:00Z')).all?.stale_pending).toBe(1);
  });

  it('keeps dates far from today exact: days to decision over 89 years, a decision in 2071', () => {
    const ix = indexOf([
      { slot: 0, applicationDate: '2026-01-01', decisionDate: '2026-01-31', status: 'granted' },
      { slot: 1, applicationDate: '1930-01-01', decisionDate: '2026-01-01', status: 'refused' },
      { slot: 2, applicationDate: '2026-01-01', decisionDate: '2071-06-30', status: 'granted' },
    ]);

    const all = summaryOf(ix, {}, 0).all!;
    expect(all.median_days).toBe(dayNumber('2071-06-30') - dayNumber('2026-01-01'));
    expect([all.total, all.granted, all.refused]).toEqual([3, 2, 1]);
    const decided = timelineOf(ix, 'month', {}).filter((r) => r.granted + r.refused > 0);
    expect(decided.map((r) => [r.period, r.granted, r.refused])).toEqual([
      ['2026-01-01', 1, 1],
      ['2071-06-01', 1, 0],
    ]);
  });

  it('filters on submission dates before 1880 and after 2059 as on any other', () => {
    const ix = indexOf([
      { slot: 0, submittedOn: '1850-05-01' },
      { slot: 1, submittedOn: '2026-03-01' },
      { slot: 2, submittedOn: '2090-01-01' },
    ]);

    expect(summaryOf(ix, { to: '1900-01-01' }, 0).all?.total).toBe(1);
    expect(summaryOf(ix, { from: '2060-01-01' }, 0).all?.total).toBe(1);
    expect(summaryOf(ix, { from: '1800-01-01', to: '2100-01-01' }, 0).all?.total).toBe(3);
  });

  it('leaves a licence without a submission date out of every date filter', () => {
    const ix = indexOf([{ slot: 0, submittedOn: null }, { slot: 1 }]);

    expect(summaryOf(ix, { to: '2026-12-31' }, 0).all?.total).toBe(1);
    expect(summaryOf(ix, {}, 0).all?.total).toBe(2);
  });

  it('names every exporter, however many there are', () => {
    const names = Array.from({ length: 300 }, (_, i) => `Exporter ${String(i).padStart(3, '0')} Co., Ltd.`);
    const ix = indexOf(
      names.flatMap((exporter, i) => [
        { slot: 2 * i, exporter },
        { slot: 2 * i + 1, exporter },
      ]),
    );

    const rows = breakdownOf(ix, 'exporter', {}, 0);
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => r.total === 2)).toBe(true);
    expect(rows.map((r) => r.key)).toEqual(names);
  });
});
