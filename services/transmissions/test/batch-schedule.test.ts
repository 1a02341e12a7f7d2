import { aLicenceRef, licenceSubmitted } from '@lmp/testing';
import { startHarness, TestClock, type Harness } from './support/transmissions-harness';

// The test schedule (support/start-for-tests.ts): every 14 days at 09:00 Brussels from Monday
// 16 March 2026. Slot 1 is 30 March 09:00 CEST (07:00Z), after the change to summer time.
const SLOT_0 = '2026-03-16T08:00:00.000Z';
const SLOT_1 = '2026-03-30T07:00:00.000Z';
const SLOT_3 = '2026-04-27T07:00:00.000Z';

describe('the fortnightly batch schedule', () => {
  describe('GET /transmissions/schedule', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.stop();
    });

    it('says when the next batch is built, from the anchor, at 09:00 Brussels time after the DST change', async () => {
      h.clock.set('2026-03-20T12:00:00.000Z');

      const response = await h.commission().get('/transmissions/schedule');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        anchorDate: '2026-03-16',
        intervalDays: 14,
        time: '09:00',
        timeZone: 'Europe/Brussels',
        nextRunAt: SLOT_1,
        lastRunAt: null,
        autoDispatch: false,
      });
    });
  });

  describe('one batch per slot', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.stop();
    });

    it('builds the slot’s batch once when it comes, on time, and never again for that slot', async () => {
      await h.publishAndApply([licenceSubmitted(aLicenceRef())]);
      const scheduler = h.service.scheduler();

      h.clock.set('2026-03-16T08:00:30.000Z'); // 30 s after slot 0
      const first = await scheduler.check();
      h.clock.set('2026-03-16T08:01:30.000Z');
      const second = await scheduler.check();

      expect(first).toMatchObject({
        outcome: 'created',
        batch: { kind: 'scheduled', slot: SLOT_0, late: false },
      });
      expect(first).toMatchObject({
        batch: { period: '2026-03-02/2026-03-16', cutOff: SLOT_0, status: 'draft', itemCount: 1 },
      });
      expect(second).toMatchObject({ outcome: 'exists', batch: { id: (first as any).batch.id } });
      const batches = (await h.commission().get('/transmissions/batches')).body.items;
      expect(batches).toHaveLength(1);
      const schedule = (await h.commission().get('/transmissions/schedule')).body;
      expect(schedule).toMatchObject({ lastRunAt: '2026-03-16T08:00:30.000Z', nextRunAt: SLOT_1 });
    });
  });

  describe('several replicas', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.stop();
    });

    it('builds one batch when two schedulers start on the same database at once with the slot due', async () => {
      await h.publishAndApply([licenceSubmitted(aLicenceRef())]);
      const replicaClocks = [new TestClock(new Date(SLOT_1)), new TestClock(new Date(SLOT_1))];

      // Each replica's scheduler checks for a due slot as it starts.
      const [a, b] = await Promise.all(replicaClocks.map((clock) => h.startReplica(clock)));
      await Promise.all([a!.scheduler().check(), b!.scheduler().check(), h.service.scheduler().check()]);

      const rows = await h.sql<{ run_number: number; slot_key: string }>(
        'SELECT run_number, slot_key FROM batches ORDER BY run_number',
      );
      expect(rows).toEqual([{ run_number: 1, slot_key: SLOT_1 }]);
      const counter = await h.sql('SELECT value FROM counters');
      expect(counter).toEqual([{ value: 1 }]);
    });
  });

  describe('after downtime', () => {
    let h: Harness;
    const clock = new TestClock(new Date('2026-04-29T10:00:00.000Z')); // two days after slot 3
    beforeAll(async () => {
      // A service that was down for slots 0 to 3 (none of them has a batch) starts now.
      h = await startHarness({ clock });
    });
    afterAll(async () => {
      await h.stop();
    });

    it('catches up the latest missed slot once, marked late, and not the ones before it', async () => {
      const batches = (await h.commission().get('/transmissions/batches')).body.items;
      await h.service.scheduler().check();
      clock.set('2026-04-30T10:00:00.000Z');
      await h.service.scheduler().check();

      expect(batches).toEqual([
        expect.objectContaining({
          runNumber: 1,
          kind: 'scheduled',
          slot: SLOT_3,
          period: '2026-04-13/2026-04-27',
          late: true,
          cutOff: SLOT_3,
          createdAt: '2026-04-29T10:00:00.000Z',
        }),
      ]);
      expect(await h.sql('SELECT slot_key FROM batches')).toEqual([{ slot_key: SLOT_3 }]);
    });

    it('builds the next slot’s batch on time again, with the next run number', async () => {
      clock.set('2026-05-11T07:02:00.000Z'); // slot 4, two minutes after

      const result = await h.service.scheduler().check();

      expect(result).toMatchObject({
        outcome: 'created',
        batch: { runNumber: 2, slot: '2026-05-11T07:00:00.000Z', late: false },
      });
    });
  });
});
