import { BODY_TYPES, routeFor } from './route-table';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('routeFor', () => {
  it('sends MOFCOM feedback (JSON rows, or the CSV/XLSX file) and its list to transmissions, Commission only', () => {
    const rule = routeFor('/transmissions/feedback')!;
    expect(rule).toMatchObject({ service: 'transmissions', role: 'commission', methods: ['GET', 'POST'] });
    expect(BODY_TYPES[rule.body]).toEqual(expect.arrayContaining(['application/json', 'text/csv', XLSX]));
  });

  it('takes the licence import as a file only', () => {
    const rule = routeFor('/licences/import')!;
    expect(BODY_TYPES[rule.body]).toEqual(['text/csv', XLSX]);
  });

  it('routes every other transmissions path (batches, schedule, discrepancies) to transmissions', () => {
    for (const path of [
      '/transmissions/batches',
      '/transmissions/schedule',
      '/transmissions/discrepancies',
    ]) {
      expect([path, routeFor(path)?.service]).toEqual([path, 'transmissions']);
    }
  });
});
