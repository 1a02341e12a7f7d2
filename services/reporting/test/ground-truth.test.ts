import { REPORT_DIMENSIONS, type ReportFilters, type ReportInterval } from '@lmp/contracts';
import { groundTruthPlan } from './support/ground-truth-data';
import {
  applyFilters,
  expectedBreakdown,
  expectedSummary,
  expectedTimeline,
} from './support/ground-truth-figures';
import { loadGroundTruth, type LoadedGroundTruth } from './support/ground-truth-load';
import { startGroundTruthPlatform, type GroundTruthPlatform } from './support/ground-truth-platform';
import { addDays } from './support/ground-truth-random';

/**
 * Ground truth: 3,000 licences of 140 companies with a known distribution (seeded), registered and
 * edited through the real licences service, their events carried by RabbitMQ to the real reporting
 * service; then every figure of summary, breakdown (each dimension) and timeline (week, month),
 * unfiltered and filtered, against the same figures the test computes from what it generated.
 *
 * Registration is "now" on the platform, so every licence is submitted today (Brussels): the
 * timeline's submissions and open backlog all fall in the current period, its decisions spread
 * over the year by decision date. The batches are dated in the past but every status changed
 * minutes ago, so no licence is stale yet (stalePending is compared, and is 0 everywhere).
 */

const INTERVALS: ReportInterval[] = ['week', 'month'];

/** Filter sets as functions of today's (Brussels) date, known once the licences are registered. */
const FILTERS: [string, (today: string) => ReportFilters][] = [
  ['no filter', () => ({})],
  ['sector=automotive', () => ({ sector: 'automotive' })],
  ['memberState=FR', () => ({ memberState: 'FR' })],
  ['element=dysprosium', () => ({ element: 'dysprosium' })],
  ['urgent=true', () => ({ urgent: true })],
  ['sme=false', () => ({ sme: false })],
  ['licenceType=general', () => ({ licenceType: 'general' })],
  ['from=today&to=today', (today) => ({ from: today, to: today })],
  ['to=yesterday (nothing submitted)', (today) => ({ to: addDays(today, -1) })],
  ['from=tomorrow (nothing submitted)', (today) => ({ from: addDays(today, 1) })],
  [
    'sector=automotive&memberState=DE&element=terbium&urgent=false&sme=true',
    () => ({ sector: 'automotive', memberState: 'DE', element: 'terbium', urgent: false, sme: true }),
  ],
];

const query = (params: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();

describe('the dashboard against ground truth (licences service → RabbitMQ → reporting)', () => {
  let platform: GroundTruthPlatform;
  let loaded: LoadedGroundTruth;
  let today: string;

  beforeAll(async () => {
    platform = await startGroundTruthPlatform();
    loaded = await loadGroundTruth(platform, groundTruthPlan());
    await platform.waitUntilApplied(loaded.eventIds, 90_000);
    today = loaded.licences[0]!.submittedOn;
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('generated the known distribution it claims', () => {
    const all = loaded.licences;
    const count = (test: (l: (typeof all)[number]) => boolean) => all.filter(test).length;
    expect(all).toHaveLength(3000);
    expect(count((l) => l.status === 'granted')).toBeGreaterThan(500);
    expect(count((l) => l.status === 'refused')).toBeGreaterThan(500);
    expect(count((l) => l.status === 'pending')).toBeGreaterThan(100);
    expect(count((l) => l.status === 'processing')).toBeGreaterThan(100);
    expect(count((l) => l.licenceType === 'general')).toBeGreaterThan(100);
    expect(count((l) => l.elements.length === 3)).toBeGreaterThan(300);
    expect(count((l) => l.urgent)).toBeGreaterThan(100);
    expect(count((l) => l.transmissions > 1)).toBeGreaterThan(100);
    expect(new Set(all.map((l) => l.memberState)).size).toBeGreaterThan(15);
    expect(new Set(all.map((l) => l.decisionDate?.slice(0, 7))).size).toBeGreaterThan(10);
  });

  describe.each(FILTERS)('%s', (_name, filtersOf) => {
    const filters = () => filtersOf(today);
    const known = () => applyFilters(loaded.licences, filters());

    it('gives every summary figure as computed from the generated licences', async () => {
      const response = await platform.commission().get(`/reports/summary?${query(filters())}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(expectedSummary(known(), new Date(), loaded.lastBatchAt));
    });

    it.each(REPORT_DIMENSIONS)('gives every breakdown row by %s, most licences first', async (by) => {
      const response = await platform.commission().get(`/reports/breakdown?${query({ by, ...filters() })}`);

      expect(response.status).toBe(200);
      const rows = response.body.rows as { key: string | null; total: number }[];
      expect(response.body.by).toBe(by);
      expect(Object.fromEntries(rows.map((r) => [String(r.key), r]))).toEqual(
        expectedBreakdown(known(), by, new Date()),
      );
      expect(rows).toHaveLength(new Set(rows.map((r) => r.key)).size);
      const totals = rows.map((r) => r.total);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    });

    it.each(INTERVALS)('gives every %s of the timeline', async (interval) => {
      const response = await platform
        .commission()
        .get(`/reports/timeline?${query({ interval, ...filters() })}`);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(expectedTimeline(known(), interval, filters()));
    });
  });
});
