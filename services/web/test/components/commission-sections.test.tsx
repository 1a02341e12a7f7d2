import type { ReportSummary } from '@lmp/contracts';
import { summaryFigures } from '../../src/pages/commission/dashboard-sections';
import { hrefWith } from '../../src/pages/commission/hrefs';
import { licenceQueryOf, readReportFilters } from '../../src/pages/commission/report-filters';

const figures = {
  total: 1204,
  byStatus: { pending: 700, processing: 104, granted: 300, refused: 100 },
  approvalRate: 0.75,
  urgentPending: 12,
  stalePending: 3,
  medianDaysToDecision: 41,
  p90DaysToDecision: 88.5,
  transmittedAtLeastOnce: 950,
  generalLicences: 20,
};
const summary: ReportSummary = {
  ...figures,
  lastBatchAt: '2026-03-02T08:00:00.000Z',
  byLicenceType: { individual: figures, general: figures },
};

describe('the dashboard summary figures', () => {
  it('shows every figure of GET /reports/summary, formatted', () => {
    const shown = Object.fromEntries(summaryFigures(summary).map((f) => [f.key, f.value]));
    expect(shown).toEqual({
      total: '1,204',
      pending: '700',
      processing: '104',
      granted: '300',
      refused: '100',
      approvalRate: '75%',
      urgentPending: '12',
      stalePending: '3',
      medianDaysToDecision: '41 days',
      p90DaysToDecision: '88.5 days',
      transmittedAtLeastOnce: '950',
      lastBatchAt: '2 Mar 2026, 09:00',
    });
  });

  it('says when nothing is decided yet and no batch was dispatched', () => {
    const empty = summaryFigures({
      ...summary,
      approvalRate: null,
      medianDaysToDecision: null,
      p90DaysToDecision: null,
      lastBatchAt: null,
    });
    const byKey = Object.fromEntries(empty.map((f) => [f.key, f]));
    expect(byKey.approvalRate).toMatchObject({ value: '–', description: 'Nothing decided yet' });
    expect(byKey.medianDaysToDecision!.value).toBe('–');
    expect(byKey.lastBatchAt!.value).toBe('None yet');
  });
});

describe('the report filters', () => {
  it('keeps only the report filters that are given', () => {
    expect(readReportFilters({ sector: 'energy', from: ' ', q: 'x', urgent: 'true' })).toEqual({
      sector: 'energy',
      urgent: 'true',
    });
  });

  it('gives the licence list the filters it knows, with its own names', () => {
    expect(
      licenceQueryOf({ from: '2026-01-01', to: '2026-02-01', sector: 'energy', memberState: 'FR' }),
    ).toEqual({
      sector: 'energy',
      licenceType: undefined,
      urgent: undefined,
      submittedFrom: '2026-01-01',
      submittedTo: '2026-02-01',
    });
  });

  it('builds links without the empty parameters', () => {
    expect(hrefWith('/commission/licences', { q: 'CN 1&2', status: '', cursor: undefined })).toBe(
      '/commission/licences?q=CN+1%262',
    );
    expect(hrefWith('/commission', {})).toBe('/commission');
  });
});
