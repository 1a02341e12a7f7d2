import { batchSchedule } from './schedule';

// Slot 0 on Monday 16 March 2026; Brussels moves to summer time on Sunday 29 March 2026 and back
// on Sunday 25 October 2026.
const schedule = batchSchedule({ anchorDate: '2026-03-16', time: '09:00', intervalDays: 14 });

describe(batchSchedule.name, () => {
  describe('slotAt', () => {
    it('puts slot 0 on the anchor date at the time in Brussels (CET, UTC+1)', () => {
      expect(schedule.slotAt(0)).toEqual({
        index: 0,
        at: new Date('2026-03-16T08:00:00.000Z'),
        key: '2026-03-16T08:00:00.000Z',
        period: '2026-03-02/2026-03-16',
      });
    });

    it('keeps 09:00 in Brussels across the March change (UTC+2 from then on)', () => {
      expect(schedule.slotAt(1).at).toEqual(new Date('2026-03-30T07:00:00.000Z'));
      expect(schedule.slotAt(1).period).toBe('2026-03-16/2026-03-30');
    });

    it('keeps 09:00 in Brussels across the October change (UTC+1 again)', () => {
      // 2026-10-12 is summer time, 2026-10-26 (the day after the change) winter time.
      expect(schedule.slotAt(15).at).toEqual(new Date('2026-10-12T07:00:00.000Z'));
      expect(schedule.slotAt(16).at).toEqual(new Date('2026-10-26T08:00:00.000Z'));
    });

    it('counts a fortnight in calendar days, not in 336 hours, when the interval spans a change', () => {
      const hours = (schedule.slotAt(1).at.getTime() - schedule.slotAt(0).at.getTime()) / 3_600_000;
      expect(hours).toBe(14 * 24 - 1);
    });
  });

  describe('lastSlotAtOrBefore', () => {
    it('is the slot itself at its exact instant', () => {
      expect(schedule.lastSlotAtOrBefore(new Date('2026-03-30T07:00:00.000Z'))?.index).toBe(1);
    });

    it('is the previous slot a millisecond before, even though a naive 14 × 24 h count says otherwise', () => {
      // 14 × 24 h after slot 0 is 08:00Z on 30 March, an hour after slot 1 (the clocks went forward).
      expect(schedule.lastSlotAtOrBefore(new Date('2026-03-30T06:59:59.999Z'))?.index).toBe(0);
      expect(schedule.lastSlotAtOrBefore(new Date('2026-03-30T07:30:00.000Z'))?.index).toBe(1);
    });

    it('finds the slots on the day after the October change', () => {
      expect(schedule.lastSlotAtOrBefore(new Date('2026-10-26T07:30:00.000Z'))?.index).toBe(15);
      expect(schedule.lastSlotAtOrBefore(new Date('2026-10-26T08:00:00.000Z'))?.index).toBe(16);
    });

    it('is undefined before the anchor: no slot exists yet', () => {
      expect(schedule.lastSlotAtOrBefore(new Date('2026-03-16T07:59:59.999Z'))).toBeUndefined();
    });

    it('is found far from the anchor as well', () => {
      const slot = schedule.slotAt(260); // ten years on
      expect(schedule.lastSlotAtOrBefore(slot.at)?.index).toBe(260);
      expect(schedule.lastSlotAtOrBefore(new Date(slot.at.getTime() - 1))?.index).toBe(259);
    });
  });

  describe('nextSlotAfter', () => {
    it('is the next slot strictly after now, even at a slot instant', () => {
      expect(schedule.nextSlotAfter(new Date('2026-03-30T07:00:00.000Z')).index).toBe(2);
      expect(schedule.nextSlotAfter(new Date('2026-03-30T06:59:00.000Z')).index).toBe(1);
    });

    it('is the anchor slot before the anchor', () => {
      expect(schedule.nextSlotAfter(new Date('2026-01-01T00:00:00.000Z')).index).toBe(0);
    });
  });

  it('keeps the wall-clock time of a late-evening slot across the change too', () => {
    const evening = batchSchedule({ anchorDate: '2026-10-12', time: '23:30', intervalDays: 14 });
    expect(evening.slotAt(0).at).toEqual(new Date('2026-10-12T21:30:00.000Z'));
    expect(evening.slotAt(1).at).toEqual(new Date('2026-10-26T22:30:00.000Z'));
  });
});

describe('a slot time that falls in the spring change’s missing hour', () => {
  it('moves that one slot, not the ones after it', () => {
    // 02:30 does not exist in Brussels on Sunday 30 March 2025 (02:00 → 03:00).
    const weekly = batchSchedule({ anchorDate: '2025-03-30', time: '02:30', intervalDays: 7 });

    expect(weekly.slotAt(0).at.toISOString()).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST that day
    expect(weekly.slotAt(1).at.toISOString()).toBe('2025-04-06T00:30:00.000Z'); // 02:30 CEST again
    expect(weekly.slotAt(2).at.toISOString()).toBe('2025-04-13T00:30:00.000Z');
  });
});
