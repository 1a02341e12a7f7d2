import { LICENCE_STATUSES } from '@lmp/contracts';
import type { IndexRow, IndexSnapshot, ReadIndexChanges } from './licence-index.types';

/** A column's values as small codes: 0 is null, then each value in the order first seen. */
export class Dictionary {
  readonly values: (string | null)[] = [null];
  private readonly codes = new Map<string, number>();

  constructor(private readonly limit: number) {}

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      if (code >= this.limit) throw new Error(`more than ${this.limit - 1} values for a report dimension`);
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  /** The code of a value asked for in a filter; -1 when no licence has it. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

export const NO_DAY = -2147483648;

/** Bits of LicenceIndex.facts: the byStatus position + 1 (LICENCE_STATUSES order) in bits 0-2. */
export const ROW_STATUS = 7;
export const ROW_OPEN = 8;
export const ROW_URGENT_OPEN = 16;
export const ROW_TRANSMITTED = 32;
export const ROW_GENERAL = 64;
export const ROW_DECIDED = 128;

/**
 * The rules of ReportFigures that depend on the licence alone (the stale cut-off depends on
 * "now" too: index-scan.ts): open = pending or processing; decided = granted or refused; urgent
 * pending; transmitted at least once; general; days to decision = decision date − application
 * date of a decided licence with both dates.
 */
export function rowFacts(r: IndexRow): { facts: number; days: number } {
  const status = r[9];
  const position = LICENCE_STATUSES.indexOf(status as never) + 1;
  const open = status === 'pending' || status === 'processing';
  const decided = status === 'granted' || status === 'refused';
  const facts =
    position |
    (open ? ROW_OPEN : 0) |
    (open && r[2] ? ROW_URGENT_OPEN : 0) |
    (r[17] > 0 ? ROW_TRANSMITTED : 0) |
    (r[6] === 'general' ? ROW_GENERAL : 0) |
    (decided ? ROW_DECIDED : 0);
  const days = decided && r[14] !== null && r[15] !== null ? r[15] - r[14] : NO_DAY;
  return { facts, days };
}
const SUBMITTED = 1;
const URGENT = 2;

/**
 * LicenceIndex.filterKey: every dimension a report filters on but the dates and elements, packed
 * in one word per licence, so that any combination of those filters is one mask-and-compare
 * (index-scan.ts, filterOf). Bits 0-1 the flags (submitted, urgent), then the codes of sme
 * (2 bits), licence type (4), sector (8) and member state (8): each dictionary is limited to what
 * its field holds (their values are the contracts' enums, far fewer).
 */
export const KEY_SME_SHIFT = 2;
export const KEY_LICENCE_TYPE_SHIFT = 4;
export const KEY_SECTOR_SHIFT = 8;
export const KEY_MEMBER_STATE_SHIFT = 16;

const SMALL = 0xffff;
const LARGE = 0x7fffffff;

/**
 * The report index: every licence of the read model as one small number per dimension, in typed
 * arrays by the row's slot (one licence ≈ 60 bytes: a million take ≈ 60 MB, outside the JS heap).
 * A scan of a million entries takes a few milliseconds, so every report is computed from it exactly
 * (see index-scan.ts), whatever the filters. It never writes: it follows the read model (sync).
 */
export class LicenceIndex {
  capacity = 0;
  /** One past the highest slot seen. */
  length = 0;
  flags = new Uint8Array(0);
  sector = new Uint16Array(0);
  memberState = new Uint16Array(0);
  sme = new Uint16Array(0);
  licenceType = new Uint16Array(0);
  productType = new Uint16Array(0);
  customsStatus = new Uint16Array(0);
  status = new Uint16Array(0);
  exporter = new Int32Array(0);
  creditCode = new Int32Array(0);
  elements = new Uint32Array(0);
  submittedDay = new Int32Array(0);
  applicationDay = new Int32Array(0);
  decisionDay = new Int32Array(0);
  statusChangedMs = new Float64Array(0);
  transmissions = new Int32Array(0);
  /** The filtered dimensions packed in one word (KEY_*). */
  filterKey = new Uint32Array(0);
  /** What the figures count of each row, worked out when it is written: see ROW_* and rowFacts. */
  facts = new Uint8Array(0);
  /** Days to decision of a granted or refused licence with both dates; NO_DAY otherwise. */
  daysToDecision = new Int32Array(0);

  readonly dict = {
    sector: new Dictionary(1 << (KEY_MEMBER_STATE_SHIFT - KEY_SECTOR_SHIFT)),
    memberState: new Dictionary(1 << (24 - KEY_MEMBER_STATE_SHIFT)),
    sme: new Dictionary(1 << (KEY_LICENCE_TYPE_SHIFT - KEY_SME_SHIFT)),
    licenceType: new Dictionary(1 << (KEY_SECTOR_SHIFT - KEY_LICENCE_TYPE_SHIFT)),
    productType: new Dictionary(SMALL),
    customsStatus: new Dictionary(SMALL),
    status: new Dictionary(SMALL),
    exporter: new Dictionary(LARGE),
    creditCode: new Dictionary(LARGE),
    element: new Dictionary(33),
  };

  /** The smallest and largest day numbers seen (decision − application; submission, decision). */
  readonly range = { minDays: 0, maxDays: 0, minDay: Infinity, maxDay: -Infinity };

  /** Room for `slots` rows (grows by half again, keeping what is there). */
  reserve(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.max(slots, Math.ceil(this.capacity * 1.5), 1024);
    const grow = <A extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(
      a: A,
      make: new (n: number) => A,
      fill?: number,
    ): A => {
      const next = new make(capacity);
      if (fill !== undefined) next.fill(fill);
      next.set(a);
      return next;
    };
    this.flags = grow(this.flags, Uint8Array);
    this.filterKey = grow(this.filterKey, Uint32Array);
    this.sector = grow(this.sector, Uint16Array);
    this.memberState = grow(this.memberState, Uint16Array);
    this.sme = grow(this.sme, Uint16Array);
    this.licenceType = grow(this.licenceType, Uint16Array);
    this.productType = grow(this.productType, Uint16Array);
    this.customsStatus = grow(this.customsStatus, Uint16Array);
    this.status = grow(this.status, Uint16Array);
    this.exporter = grow(this.exporter, Int32Array);
    this.creditCode = grow(this.creditCode, Int32Array);
    this.elements = grow(this.elements, Uint32Array);
    this.submittedDay = grow(this.submittedDay, Int32Array, NO_DAY);
    this.applicationDay = grow(this.applicationDay, Int32Array, NO_DAY);
    this.decisionDay = grow(this.decisionDay, Int32Array, NO_DAY);
    this.statusChangedMs = grow(this.statusChangedMs, Float64Array, NaN);
    this.transmissions = grow(this.transmissions, Int32Array);
    this.facts = grow(this.facts, Uint8Array);
    this.daysToDecision = grow(this.daysToDecision, Int32Array, NO_DAY);
    this.capacity = capacity;
  }

  /** Empties the index (rows were removed from the read model: it is loaded again). */
  clear(): void {
    this.flags.fill(0);
    this.filterKey.fill(0);
    this.length = 0;
  }

  private day(value: number | null): number {
    if (value === null) return NO_DAY;
    if (value < this.range.minDay) this.range.minDay = value;
    if (value > this.range.maxDay) this.range.maxDay = value;
    return value;
  }

  /** Writes rows as the read model holds them now. */
  set(rows: readonly IndexRow[]): void {
    const d = this.dict;
    for (const r of rows) {
      const s = r[0];
      if (s >= this.capacity) this.reserve(s + 1);
      if (s >= this.length) this.length = s + 1;
      const flags = (r[1] ? SUBMITTED : 0) | (r[2] ? URGENT : 0);
      const sector = d.sector.code(r[3]);
      const memberState = d.memberState.code(r[4]);
      const sme = d.sme.code(r[5]);
      const licenceType = d.licenceType.code(r[6]);
      this.flags[s] = flags;
      this.sector[s] = sector;
      this.memberState[s] = memberState;
      this.sme[s] = sme;
      this.licenceType[s] = licenceType;
      this.filterKey[s] =
        (flags |
          (sme << KEY_SME_SHIFT) |
          (licenceType << KEY_LICENCE_TYPE_SHIFT) |
          (sector << KEY_SECTOR_SHIFT) |
          (memberState << KEY_MEMBER_STATE_SHIFT)) >>>
        0;
      this.productType[s] = d.productType.code(r[7]);
      this.customsStatus[s] = d.customsStatus.code(r[8]);
      this.status[s] = d.status.code(r[9]);
      this.exporter[s] = d.exporter.code(r[10]);
      this.creditCode[s] = d.creditCode.code(r[11]);
      let mask = 0;
      for (const e of r[12] ?? []) mask |= 1 << (d.element.code(e) - 1);
      this.elements[s] = mask >>> 0;
      this.submittedDay[s] = this.day(r[13]);
      const application = r[14];
      const decision = r[15];
      this.applicationDay[s] = application ?? NO_DAY;
      this.decisionDay[s] = this.day(decision);
      this.statusChangedMs[s] = r[16] ?? NaN;
      this.transmissions[s] = r[17];
      const { facts, days } = rowFacts(r);
      this.facts[s] = facts;
      this.daysToDecision[s] = days;
      if (days !== NO_DAY) {
        if (days < this.range.minDays) this.range.minDays = days;
        if (days > this.range.maxDays) this.range.maxDays = days;
      }
    }
  }

  isSubmitted(s: number): boolean {
    return (this.flags[s]! & SUBMITTED) !== 0;
  }

  isUrgent(s: number): boolean {
    return (this.flags[s]! & URGENT) !== 0;
  }
}

/**
 * The index of one service process, kept as current as the read model: `current()` first reads
 * the rows written since the last read (an indexed query, usually a handful of rows), so a report
 * is never staler than the database when it was asked. Concurrent requests share one read when it
 * started after they asked; otherwise they wait for the next one.
 */
export class ReportIndex {
  readonly index = new LicenceIndex();
  private snapshot: IndexSnapshot | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly read: ReadIndexChanges) {}

  async current(): Promise<LicenceIndex> {
    await this.sync();
    return this.index;
  }

  private sync(): Promise<void> {
    if (!this.running) {
      this.running = this.readOnce().finally(() => (this.running = null));
      return this.running;
    }
    // A read in progress may have begun before this request: wait for it, then read once more
    // (shared by every request that arrived meanwhile).
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.sync();
      });
    return this.next;
  }

  private async readOnce(): Promise<void> {
    this.snapshot = await this.read(this.snapshot, {
      reset: (maxSlot) => {
        this.index.clear();
        this.index.reserve(maxSlot + 1);
      },
      rows: (rows) => this.index.set(rows),
    });
  }
}
