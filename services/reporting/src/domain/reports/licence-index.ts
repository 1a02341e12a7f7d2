import { LICENCE_STATUSES } from '@lmp/contracts';
import { putCode, putDay, putInstant, resized, type CodeColumn, type DayColumn } from './index-columns';
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
export function rowFacts(r: IndexRow): { facts: number; days: number | null } {
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
  const days = decided && r[14] !== null && r[15] !== null ? r[15] - r[14] : null;
  return { facts, days };
}

/**
 * LicenceIndex.filterKey: every dimension a report filters on but the dates and elements, packed
 * in one word per licence, so that any combination of those filters is one mask-and-compare
 * (index-scan.ts, filterOf). Bits 0-1 the flags (submitted, urgent), then the codes of sme
 * (2 bits), licence type (4), sector (8) and member state (8): each dictionary is limited to what
 * its field holds (their values are the contracts' enums, far fewer).
 */
export const KEY_SUBMITTED = 1;
export const KEY_URGENT = 2;
export const KEY_SME_SHIFT = 2;
export const KEY_LICENCE_TYPE_SHIFT = 4;
export const KEY_SECTOR_SHIFT = 8;
export const KEY_MEMBER_STATE_SHIFT = 16;

/** Where each packed dimension sits in filterKey: (key >>> shift) & bits is its code. */
export const KEY_FIELDS = {
  urgent: { shift: 1, bits: 1 },
  sme: { shift: KEY_SME_SHIFT, bits: 3 },
  licenceType: { shift: KEY_LICENCE_TYPE_SHIFT, bits: 15 },
  sector: { shift: KEY_SECTOR_SHIFT, bits: 255 },
  memberState: { shift: KEY_MEMBER_STATE_SHIFT, bits: 255 },
} as const;

const LARGE = 0x7fffffff;

/**
 * The report index: every licence of the read model as one small number per dimension, in typed
 * arrays by the row's slot, each as narrow as its values allow (index-columns.ts; about 23 bytes
 * a licence: a million take ≈ 23 MB, outside the JS heap). A scan of a million entries takes a few
 * milliseconds, so every report is computed from it exactly (see index-scan.ts), whatever the
 * filters. It never writes: it follows the read model (sync).
 *
 * What a report reads and nothing else: the filtered dimensions live only in filterKey (read back
 * with KEY_* shifts); the status only as facts' byStatus position; the application date only
 * through daysToDecision; the transmission count only as facts' "transmitted".
 */
export class LicenceIndex {
  capacity = 0;
  /** One past the highest slot seen. */
  length = 0;
  /** The filtered dimensions packed in one word (KEY_*); 0 for a slot never written. */
  filterKey = new Uint32Array(0);
  productType: CodeColumn = new Uint8Array(0);
  customsStatus: CodeColumn = new Uint8Array(0);
  exporter: CodeColumn = new Uint8Array(0);
  creditCode: CodeColumn = new Uint8Array(0);
  /** Bit code − 1 for each element (dict.element) the licence names. */
  elements: CodeColumn = new Uint8Array(0);
  submittedDay: DayColumn = new Int16Array(0);
  decisionDay: DayColumn = new Int16Array(0);
  /** Days to decision of a granted or refused licence with both dates; none otherwise. */
  daysToDecision: DayColumn = new Int16Array(0);
  /** When the status last changed (index-columns.ts, putInstant): seconds, and milliseconds. */
  statusChangedSecond = new Uint32Array(0);
  statusChangedMilli = new Uint16Array(0);
  /** What the figures count of each row, worked out when it is written: see ROW_* and rowFacts. */
  facts = new Uint8Array(0);

  readonly dict = {
    sector: new Dictionary(KEY_FIELDS.sector.bits + 1),
    memberState: new Dictionary(KEY_FIELDS.memberState.bits + 1),
    sme: new Dictionary(KEY_FIELDS.sme.bits + 1),
    licenceType: new Dictionary(KEY_FIELDS.licenceType.bits + 1),
    productType: new Dictionary(LARGE),
    customsStatus: new Dictionary(LARGE),
    exporter: new Dictionary(LARGE),
    creditCode: new Dictionary(LARGE),
    element: new Dictionary(33),
  };

  /** The smallest and largest day numbers seen (decision − application; submission, decision). */
  readonly range = { minDays: 0, maxDays: 0, minDay: Infinity, maxDay: -Infinity };

  /**
   * Room for `slots` rows (grows by half again, keeping what is there). Only what is written
   * becomes resident memory (index-columns.ts), so a full load that reserves its slots first
   * copies nothing, and a growth copies the slots in use once.
   */
  reserve(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.max(slots, Math.ceil(this.capacity * 1.5), 1024);
    this.filterKey = resized(this.filterKey, capacity);
    this.productType = resized(this.productType, capacity);
    this.customsStatus = resized(this.customsStatus, capacity);
    this.exporter = resized(this.exporter, capacity);
    this.creditCode = resized(this.creditCode, capacity);
    this.elements = resized(this.elements, capacity);
    this.submittedDay = resized(this.submittedDay, capacity);
    this.decisionDay = resized(this.decisionDay, capacity);
    this.daysToDecision = resized(this.daysToDecision, capacity);
    this.statusChangedSecond = resized(this.statusChangedSecond, capacity);
    this.statusChangedMilli = resized(this.statusChangedMilli, capacity);
    this.facts = resized(this.facts, capacity);
    this.capacity = capacity;
  }

  /** Empties the index (rows were removed from the read model: it is loaded again). */
  clear(): void {
    this.filterKey.fill(0);
    this.length = 0;
  }

  private day(value: number | null): number | null {
    if (value === null) return null;
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
      this.filterKey[s] =
        ((r[1] ? KEY_SUBMITTED : 0) |
          (r[2] ? KEY_URGENT : 0) |
          (d.sme.code(r[5]) << KEY_SME_SHIFT) |
          (d.licenceType.code(r[6]) << KEY_LICENCE_TYPE_SHIFT) |
          (d.sector.code(r[3]) << KEY_SECTOR_SHIFT) |
          (d.memberState.code(r[4]) << KEY_MEMBER_STATE_SHIFT)) >>>
        0;
      this.productType = putCode(this.productType, s, d.productType.code(r[7]));
      this.customsStatus = putCode(this.customsStatus, s, d.customsStatus.code(r[8]));
      this.exporter = putCode(this.exporter, s, d.exporter.code(r[10]));
      this.creditCode = putCode(this.creditCode, s, d.creditCode.code(r[11]));
      let mask = 0;
      for (const e of r[12] ?? []) mask |= 1 << (d.element.code(e) - 1);
      this.elements = putCode(this.elements, s, mask >>> 0);
      this.submittedDay = putDay(this.submittedDay, s, this.day(r[13]));
      this.decisionDay = putDay(this.decisionDay, s, this.day(r[15]));
      putInstant(this.statusChangedSecond, this.statusChangedMilli, s, r[16]);
      const { facts, days } = rowFacts(r);
      this.facts[s] = facts;
      this.daysToDecision = putDay(this.daysToDecision, s, days);
      if (days !== null) {
        if (days < this.range.minDays) this.range.minDays = days;
        if (days > this.range.maxDays) this.range.maxDays = days;
      }
    }
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
