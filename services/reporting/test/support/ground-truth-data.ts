import type { Identity } from '@lmp/auth';
import type {
  CompanyInput,
  CustomsStatus,
  Element,
  LicenceInput,
  LicencePatch,
  LicenceStatus,
  MemberState,
  ProductType,
  Sector,
} from '@lmp/contracts';
import { addDays, SeededRandom } from './ground-truth-random';

/**
 * The ground-truth data set: companies, licences, the edits made to them and the MOFCOM batches
 * they went out in, drawn from a seeded generator with a known distribution. Each licence carries
 * the state it must end in (`final`), which the test's own figures are computed from; the
 * patches are only the way there through the licences API.
 */

export const SEED = 20_261_201;
/** Applications are spread over ten months; no date is ever after DATE_CAP (all in the past). */
const FIRST_APPLICATION = '2025-12-01';
const APPLICATION_DAYS = 304;
const DATE_CAP = '2026-11-27';

const MEMBER_STATES: Record<MemberState, number> = {
  DE: 25, FR: 14, IT: 12, ES: 8, NL: 6, PL: 6, SE: 4, AT: 4, BE: 4, CZ: 3, HU: 2, SK: 2, RO: 2,
  DK: 1, FI: 1, PT: 1, IE: 1, SI: 1, HR: 1, GR: 1, LT: 1, LV: 1, EE: 1, LU: 1, BG: 1, MT: 1, CY: 1,
}; // prettier-ignore
const SECTORS: Record<Sector, number> = {
  automotive: 40, electronics: 12, energy: 12, industrial_machinery: 10, aerospace: 6, defence: 4,
  medical: 5, chemicals: 4, research: 3, other: 4,
}; // prettier-ignore
const ELEMENTS: Record<Element, number> = {
  dysprosium: 30, terbium: 25, samarium: 10, gadolinium: 8, yttrium: 6, scandium: 4, lutetium: 3,
  holmium: 3, erbium: 3, europium: 3, thulium: 2, ytterbium: 2,
}; // prettier-ignore
const PRODUCT_TYPES: Record<ProductType, number> = {
  magnets_ndfeb: 50, magnets_smco: 12, metals_alloys: 15, oxides_compounds: 15, other: 8,
}; // prettier-ignore
/** The large magnet makers hold the general licences (PRODUCT.md). */
const LARGE_EXPORTERS = [
  'JL Mag Rare-Earth Co., Ltd.',
  'Ningbo Yunsheng Co., Ltd.',
  'Beijing Zhong Ke San Huan High-Tech Co., Ltd.',
] as const;
const EXPORTERS = {
  [LARGE_EXPORTERS[0]]: 20, [LARGE_EXPORTERS[1]]: 16, [LARGE_EXPORTERS[2]]: 12,
  'China Northern Rare Earth Group': 10, 'China Rare Earth Group Co., Ltd.': 9,
  'Shenghe Resources Holding': 7, 'Xiamen Tungsten Co., Ltd.': 6, 'Baotou Tianhe Magnetics': 5,
  'Ganzhou Fortune Electronic': 4, 'Hengdian Group DMEGC': 4, 'Anhui Earth-Panda': 3,
  'Zhejiang Innuovo Magnetics': 2,
} as const satisfies Record<string, number>; // prettier-ignore

export interface CompanyPlan {
  key: number;
  identity: Identity;
  input: CompanyInput;
  /** A later PUT /me/company (member state or SME status changed), once all licences exist. */
  update?: CompanyInput;
}

/** What a licence is once every edit is made: the fields the figures depend on. */
export interface LicenceFinal {
  licenceType: 'individual' | 'general';
  applicationDate: string;
  exporter: string;
  sector: Sector;
  elements: Element[];
  productType: ProductType;
  urgent: boolean;
  status: LicenceStatus;
  decisionDate: string | null;
  customsStatus: CustomsStatus;
}

export interface PatchPlan {
  body: LicencePatch;
  /** The events this edit publishes: LicenceUpdated, plus status and customs changes. */
  events: number;
}

export interface LicencePlan {
  key: number;
  company: number;
  input: LicenceInput;
  patches: PatchPlan[];
  final: LicenceFinal;
}

export interface BatchPlan {
  key: number;
  dispatchedAt: string;
  licences: number[];
}

export interface GroundTruthPlan {
  companies: CompanyPlan[];
  licences: LicencePlan[];
  batches: BatchPlan[];
  /** Licence keys whose LicenceTransmitted of the first batch is delivered again (a new event id). */
  redelivered: number[];
}

function aCompanyPlan(rng: SeededRandom, key: number): CompanyPlan {
  const memberState = rng.weighted(MEMBER_STATES);
  const id = String(key).padStart(4, '0');
  const input: CompanyInput = {
    name: `Ground Truth ${id} ${memberState}`,
    eori: `${memberState}GT${id}`,
    country: memberState,
    memberState,
    sme: rng.chance(0.4),
    sector: rng.weighted(SECTORS),
  };
  return {
    key,
    identity: {
      subject: `ground-truth-${id}`,
      email: `operator-${id}@ground-truth-${id}.example`,
      name: `Operator ${id}`,
      role: 'operator',
    },
    input,
  };
}

/** Days from application to decision: mostly within two months, a long tail up to eight. */
function daysToDecision(rng: SeededRandom): number {
  const r = rng.next();
  return r < 0.6 ? rng.int(0, 60) : r < 0.9 ? rng.int(61, 150) : rng.int(151, 240);
}

function decisionOf(rng: SeededRandom, applicationDate: string, grantShare = 0.55) {
  const date = addDays(applicationDate, daysToDecision(rng));
  return {
    status: (rng.chance(grantShare) ? 'granted' : 'refused') as LicenceStatus,
    decisionDate: date > DATE_CAP ? DATE_CAP : date,
  };
}

function aLicenceInput(rng: SeededRandom, key: number, company: CompanyPlan): LicenceInput {
  const general = rng.chance(0.1);
  const applicationDate = addDays(FIRST_APPLICATION, rng.int(0, APPLICATION_DAYS - 1));
  const urgent = rng.chance(0.12);
  const validFrom = general ? addDays(applicationDate, rng.int(0, 30)) : undefined;
  const elementCount = Number(rng.weighted({ 1: 50, 2: 30, 3: 20 }));
  return {
    licenceNumber: `GT-${SEED}-${String(key).padStart(5, '0')}`,
    licenceType: general ? 'general' : 'individual',
    ...(validFrom ? { validFrom, validTo: addDays(validFrom, 364) } : {}),
    applicationDate,
    exporter: { name: general ? rng.pick(LARGE_EXPORTERS) : rng.weighted(EXPORTERS) },
    sector: rng.chance(0.85) ? company.input.sector : rng.weighted(SECTORS),
    elements: rng.distinct(ELEMENTS, elementCount),
    productType: rng.weighted(PRODUCT_TYPES),
    quantityKg: rng.int(1, 50_000) / 10,
    valueEur: general && rng.chance(0.5) ? null : rng.int(1_000, 5_000_000),
    urgent,
    ...(urgent ? { urgencyReason: `Production line ${key} stops within ${rng.int(3, 30)} days` } : {}),
    status: 'pending',
    customsStatus: rng.chance(0.05) ? 'in_progress' : 'not_started',
    mofcomCentralLevel: true,
  };
}

/**
 * Edits of one licence, each kept with the events it publishes, and the state they lead to: a
 * model of the licences API's PATCH (only named fields change; leaving granted/refused without
 * naming a decision date drops it), checked against the API's answers by the loader.
 */
class LicenceEditor {
  readonly patches: PatchPlan[] = [];
  readonly state: LicenceFinal;

  constructor(input: LicenceInput) {
    this.state = {
      licenceType: input.licenceType,
      applicationDate: input.applicationDate,
      exporter: input.exporter.name,
      sector: input.sector,
      elements: input.elements,
      productType: input.productType,
      urgent: input.urgent,
      status: input.status,
      decisionDate: input.decisionDate ?? null,
      customsStatus: input.customsStatus,
    };
  }

  edit(body: LicencePatch): void {
    const before = { ...this.state };
    const s = this.state;
    if (body.status !== undefined) s.status = body.status;
    if (body.decisionDate !== undefined) s.decisionDate = body.decisionDate;
    if (body.status !== undefined && !isDecided(s.status) && body.decisionDate === undefined) {
      s.decisionDate = null;
    }
    if (body.customsStatus !== undefined) s.customsStatus = body.customsStatus;
    if (body.elements !== undefined) s.elements = body.elements;
    if (body.sector !== undefined) s.sector = body.sector;
    if (body.exporter !== undefined) s.exporter = body.exporter.name;
    if (body.urgent !== undefined) s.urgent = body.urgent;
    // The licences API publishes nothing for an edit that changes nothing: the plan never makes one.
    if (JSON.stringify(before) === JSON.stringify(s))
      throw new Error(`a no-op edit: ${JSON.stringify(body)}`);
    const events = 1 + Number(before.status !== s.status) + Number(before.customsStatus !== s.customsStatus);
    this.patches.push({ body, events });
  }
}

export const isDecided = (status: LicenceStatus) => status === 'granted' || status === 'refused';

const other = (status: LicenceStatus): LicenceStatus => (status === 'granted' ? 'refused' : 'granted');

function aLicencePlan(rng: SeededRandom, key: number, companies: CompanyPlan[]): LicencePlan {
  // Some companies hold many licences, most a few.
  const company = Math.floor(rng.next() ** 1.7 * companies.length);
  const input = aLicenceInput(rng, key, companies[company]!);
  const outcome = rng.next();
  if (outcome < 0.12) Object.assign(input, decisionOf(rng, input.applicationDate)); // decided before registration
  const editor = new LicenceEditor(input);
  const customs = rng.weighted({ none: 81, in_progress: 8, cleared: 8, blocked: 3 });
  const customsEdit: LicencePatch =
    customs === 'none' || customs === input.customsStatus
      ? {}
      : { customsStatus: customs, ...(customs === 'blocked' ? { customsNote: 'Held at Hamburg' } : {}) };
  const decide = () => decisionOf(rng, input.applicationDate, 0.5);
  if (outcome < 0.22) {
    // decided before registration, or still pending: no status edit
  } else if (outcome < 0.34) {
    editor.edit({ status: 'processing', ...customsEdit });
  } else if (outcome < 0.56) {
    editor.edit({ status: 'processing' });
    editor.edit({ ...decide(), ...customsEdit });
  } else if (outcome < 0.8) {
    editor.edit({ ...decide(), ...customsEdit });
  } else if (outcome < 0.86) {
    editor.edit(decide());
    editor.edit({ status: 'processing', ...customsEdit }); // reopened: the decision date goes
  } else {
    const first = decide();
    editor.edit(first);
    editor.edit({ status: other(first.status), decisionDate: decide().decisionDate, ...customsEdit });
  }
  // Without a status edit, the customs status changes on its own.
  if (outcome < 0.22 && Object.keys(customsEdit).length > 0) editor.edit(customsEdit);
  if (rng.chance(0.04)) {
    const elements = rng.distinct(ELEMENTS, rng.int(1, 3));
    if (JSON.stringify(elements) !== JSON.stringify(editor.state.elements)) editor.edit({ elements });
  }
  if (rng.chance(0.03)) {
    const name = rng.weighted(EXPORTERS);
    if (name !== editor.state.exporter) editor.edit({ exporter: { name } });
  }
  if (rng.chance(0.02)) {
    const sector = rng.weighted(SECTORS);
    if (sector !== editor.state.sector) editor.edit({ sector });
  }
  if (rng.chance(0.03)) {
    editor.edit(
      editor.state.urgent ? { urgent: false } : { urgent: true, urgencyReason: 'Stock runs out this month' },
    );
  }
  return { key, company, input, patches: editor.patches, final: editor.state };
}

/** The whole data set; the same on every run. */
export function groundTruthPlan({
  companies: companyCount = 140,
  licences: licenceCount = 3000,
} = {}): GroundTruthPlan {
  const rng = new SeededRandom(SEED);
  const companies = Array.from({ length: companyCount }, (_, key) => aCompanyPlan(rng, key));
  const licences = Array.from({ length: licenceCount }, (_, key) => aLicencePlan(rng, key, companies));
  for (let n = 0; n < 8; n++) {
    const company = companies[rng.int(0, companyCount - 1)]!;
    const current = company.update ?? company.input;
    company.update = rng.chance(0.5)
      ? { ...current, memberState: rng.weighted(MEMBER_STATES) }
      : { ...current, sme: !current.sme };
  }
  const batches = [
    { at: '2026-10-05T08:00:00.000Z', share: 0.35 },
    { at: '2026-10-19T08:00:00.000Z', share: 0.25 },
    { at: '2026-11-02T08:00:00.000Z', share: 0.1 },
  ].map(({ at, share }, key) => ({
    key,
    dispatchedAt: at,
    licences: licences.filter(() => rng.chance(share)).map((l) => l.key),
  }));
  const redelivered = batches[0]!.licences.filter(() => rng.chance(0.03));
  return { companies, licences, batches, redelivered };
}
