/**
 * Demo data for `npm start`, loaded THROUGH THE GATEWAY with real tokens from the development
 * identity provider: two companies with licences in every status, one Commission user, and one
 * batch to MOFCOM built and dispatched, so transmission counts show from the first minute.
 * Idempotent: licence numbers are fixed, so a second run finds them and adds nothing.
 * Run: npx tsx scripts/demo-data.ts (GATEWAY_URL, ISSUER_URL override the local defaults).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getAccessToken } from '@lmp/eulogin-dev';
import type { CompanyInput, LicenceInput, LicencePatch } from '@lmp/contracts';

const GATEWAY = process.env.GATEWAY_URL ?? 'http://localhost:8080';
const ISSUER = process.env.ISSUER_URL ?? 'http://localhost:7080/cas/oauth2';

interface DemoCompany {
  email: string;
  name: string;
  prefix: string;
  company: CompanyInput;
  licences: number;
}

export const DEMO_COMPANIES: DemoCompany[] = [
  {
    email: 'anna.schmidt@autoparts.example',
    name: 'Anna Schmidt',
    prefix: 'AS',
    company: {
      name: 'Schmidt Autoteile GmbH',
      eori: 'DE4471902188431',
      country: 'DE',
      memberState: 'DE',
      sme: false,
      sector: 'automotive',
    },
    licences: 32,
  },
  {
    email: 'luca.rossi@magneti.example',
    name: 'Luca Rossi',
    prefix: 'LR',
    company: {
      name: 'Magneti Rossi S.p.A.',
      eori: 'IT02817650348',
      country: 'IT',
      memberState: 'IT',
      sme: true,
      sector: 'electronics',
    },
    licences: 24,
  },
];
/** Anna Schmidt's colleagues: she invites them, they join when they first sign in. */
export const DEMO_COLLEAGUES = [
  { email: 'jonas.weber@autoparts.example', name: 'Jonas Weber' },
  { email: 'mira.koch@autoparts.example', name: 'Mira Koch' },
];

/**
 * A company with three colleagues, as an admin makes it: the admin invites each address, each
 * colleague signs in with it (which accepts the invitation), and the members page lists all three.
 */
async function loadColleagues(
  admin: DemoCompany,
  colleagues: { email: string; name: string }[],
): Promise<void> {
  const token = await getAccessToken({ issuer: ISSUER, email: admin.email, name: admin.name });
  const members = async () =>
    ((await api(token, 'GET', '/me/company/members')).body.items as { email: string }[]).map((m) =>
      m.email.toLowerCase(),
    );
  const before = await members();
  for (const colleague of colleagues) {
    if (before.includes(colleague.email)) continue;
    const invited = await api(token, 'POST', '/me/company/invitations', { email: colleague.email });
    // 409: invited on an earlier run that stopped before the colleague signed in.
    if (invited.status >= 300 && invited.status !== 409)
      throw new Error(`invite ${colleague.email}: ${invited.status} ${JSON.stringify(invited.body)}`);
    const colleagueToken = await getAccessToken({ issuer: ISSUER, ...colleague });
    const me = await api(colleagueToken, 'GET', '/me');
    if (me.body?.company?.eori !== admin.company.eori)
      throw new Error(`${colleague.email} did not join ${admin.company.name}: ${JSON.stringify(me.body)}`);
  }
  const after = await members();
  console.log(`${admin.company.name}: ${after.length} colleagues (${after.join(', ')})`);
}
export const DEMO_COMMISSION = { email: 'claire.dubois@ec.europa.eu', name: 'Claire Dubois' };

const EXPORTERS = [
  'JL Mag Rare-Earth Co., Ltd.',
  'Ningbo Yunsheng Co., Ltd.',
  'Beijing Zhong Ke San Huan High-Tech Co., Ltd.',
  'China Northern Rare Earth (Group) High-Tech Co., Ltd.',
  'Chengdu Galaxy Magnets Co., Ltd.',
];
const SECTORS = [
  'automotive',
  'automotive',
  'automotive',
  'automotive',
  'electronics',
  'energy',
  'industrial_machinery',
  'aerospace',
  'medical',
] as const;
const PRODUCTS: { productType: LicenceInput['productType']; elements: LicenceInput['elements'] }[] = [
  { productType: 'magnets_ndfeb', elements: ['dysprosium', 'terbium'] },
  { productType: 'magnets_ndfeb', elements: ['dysprosium'] },
  { productType: 'magnets_ndfeb', elements: ['terbium'] },
  { productType: 'magnets_smco', elements: ['samarium', 'gadolinium'] },
  { productType: 'oxides_compounds', elements: ['yttrium', 'europium'] },
  { productType: 'metals_alloys', elements: ['scandium'] },
];
const URGENCY = [
  'Assembly line for electric drive units stops in 10 days without magnets',
  'Supplier stock of NdFeB rotor magnets runs out before the next shipment',
  'Customer recall of ABS sensors pending; replacement parts need samarium-cobalt magnets',
];
const BLOCKED_NOTE = 'Customs in Shanghai hold the shipment pending an end-user certificate';

/** A deterministic pseudo-random sequence, so every run builds the same demo data. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Status cycle: every status appears in each company; about half of the decided are granted. */
const STATUSES: LicencePatch['status'][] = [
  'pending',
  'processing',
  'granted',
  'refused',
  'granted',
  'pending',
  'processing',
  'granted',
  'refused',
  'pending',
];

export function demoLicences(company: DemoCompany): { input: LicenceInput; later?: LicencePatch }[] {
  const next = random(company.prefix.charCodeAt(0) * 31 + company.prefix.charCodeAt(1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: company.licences }, (_, i) => {
    const general = i % 11 === 10;
    const applicationDate = general ? '2025-12-03' : addDays('2025-04-07', Math.floor(next() * 220));
    const exporter = general ? EXPORTERS[i % 3]! : pick(EXPORTERS);
    const product = pick(PRODUCTS);
    const urgent = !general && i % 7 === 3;
    const input: LicenceInput = {
      licenceNumber: `${general ? 'GL' : 'DU'}-2025-${company.prefix}${String(i + 1).padStart(4, '0')}`,
      licenceType: general ? 'general' : 'individual',
      validFrom: general ? '2025-12-15' : null,
      validTo: general ? '2026-12-14' : null,
      applicationDate,
      exporter: { name: exporter },
      sector: company.prefix === 'AS' ? pick(SECTORS.slice(0, 5)) : pick(SECTORS),
      elements: product.elements,
      productType: product.productType,
      quantityKg: Math.round(50 + next() * 4000),
      valueEur: Math.round(20_000 + next() * 900_000),
      urgent,
      urgencyReason: urgent ? pick(URGENCY) : null,
      status: 'pending',
      customsStatus: 'not_started',
      mofcomCentralLevel: true,
    };
    const status = general ? 'granted' : STATUSES[i % STATUSES.length]!;
    if (status === 'pending') return { input };
    const decided = status === 'granted' || status === 'refused';
    const customsStatus =
      status !== 'granted'
        ? 'not_started'
        : (['in_progress', 'cleared', 'cleared', 'blocked'] as const)[i % 4]!;
    return {
      input,
      later: {
        status,
        decisionDate: decided
          ? general
            ? '2025-12-12'
            : addDays(applicationDate, 30 + Math.floor(next() * 50))
          : null,
        customsStatus,
        customsNote: customsStatus === 'blocked' ? BLOCKED_NOTE : null,
      },
    };
  });
}

async function api(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${GATEWAY}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text ? JSON.parse(text) : undefined,
  };
}

async function loadCompany(company: DemoCompany): Promise<{ created: number; existing: number }> {
  const token = await getAccessToken({ issuer: ISSUER, email: company.email, name: company.name });
  const saved = await api(token, 'PUT', '/me/company', company.company);
  if (saved.status >= 300)
    throw new Error(`${company.email}: company not saved (${saved.status} ${JSON.stringify(saved.body)})`);
  const known = new Set<string>();
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page = await api(
      token,
      'GET',
      `/licences?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const licence of page.body.items as { licenceNumber: string }[]) known.add(licence.licenceNumber);
    cursor = page.body.nextCursor;
  }
  let created = 0;
  for (const { input, later } of demoLicences(company)) {
    if (known.has(input.licenceNumber)) continue;
    const registered = await api(token, 'POST', '/licences', input, {
      'idempotency-key': `demo-${input.licenceNumber}`,
    });
    if (registered.status === 409) continue;
    if (registered.status !== 201)
      throw new Error(`${input.licenceNumber}: ${registered.status} ${JSON.stringify(registered.body)}`);
    created++;
    if (!later) continue;
    let etag = registered.etag!;
    // Through processing first, as a real licence moves: the history shows both steps.
    if (later.status !== 'processing') {
      const step = await api(
        token,
        'PATCH',
        `/licences/${registered.body.id}`,
        { status: 'processing' },
        { 'if-match': etag },
      );
      etag = step.etag!;
    }
    const patched = await api(token, 'PATCH', `/licences/${registered.body.id}`, later, { 'if-match': etag });
    if (patched.status !== 200)
      throw new Error(`${input.licenceNumber}: ${patched.status} ${JSON.stringify(patched.body)}`);
  }
  return { created, existing: known.size };
}

/**
 * The rest of the EU's importers, for a dashboard worth looking at: companies across member
 * states (automotive the largest sector), each importing its licences as one CSV file through the
 * gateway, with about half of the decided ones granted and the large magnet makers holding
 * general licences. Fixed numbers: a second run imports nothing new.
 */
const MEMBER_STATES = [
  'DE',
  'FR',
  'IT',
  'ES',
  'PL',
  'NL',
  'SE',
  'CZ',
  'AT',
  'BE',
  'HU',
  'RO',
  'SK',
  'FI',
  'DK',
  'PT',
];
const DASHBOARD_COMPANIES = 32;
const LICENCES_PER_COMPANY = 90;
const GENERAL_LICENCE_HOLDERS = EXPORTERS.slice(0, 3);

function dashboardCompany(i: number) {
  const next = random(1000 + i);
  const memberState = MEMBER_STATES[i % MEMBER_STATES.length]!;
  const sector = i % 5 < 3 ? 'automotive' : SECTORS[Math.floor(next() * SECTORS.length)]!;
  const slug = `importer${String(i + 1).padStart(2, '0')}`;
  return {
    email: `ops@${slug}.example`,
    name: `Operations ${slug}`,
    company: {
      name: `${slug.replace('importer', 'EU Importer ')} ${sector === 'automotive' ? 'Automotive' : 'Industries'} (${memberState})`,
      eori: `${memberState}${String(700_000_000 + i * 7919).padStart(12, '0')}`,
      country: memberState,
      memberState,
      sme: i % 3 === 0,
      sector,
    } as CompanyInput,
    prefix: `IM${String(i + 1).padStart(2, '0')}`,
    sector,
  };
}

function dashboardCsv(company: ReturnType<typeof dashboardCompany>, index: number): string {
  const next = random(5000 + index);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const header = [
    'licenceNumber',
    'licenceType',
    'validFrom',
    'validTo',
    'applicationDate',
    'exporterName',
    'sector',
    'elements',
    'productType',
    'quantityKg',
    'valueEur',
    'urgent',
    'urgencyReason',
    'status',
    'decisionDate',
    'customsStatus',
    'mofcomCentralLevel',
  ];
  const rows = Array.from({ length: LICENCES_PER_COMPANY }, (_, i) => {
    const general = i % 23 === 22;
    const applicationDate = general ? '2025-12-03' : addDays('2025-04-07', Math.floor(next() * 230));
    const product = pick(PRODUCTS);
    const decidedRoll = next();
    // About 55 % decided, a little over half of those granted; general licences are granted.
    const status = general
      ? 'granted'
      : decidedRoll < 0.3
        ? 'granted'
        : decidedRoll < 0.55
          ? 'refused'
          : decidedRoll < 0.75
            ? 'processing'
            : 'pending';
    const decided = status === 'granted' || status === 'refused';
    const urgent = !general && !decided && next() < 0.12;
    return [
      `${general ? 'GL' : 'DU'}-2025-${company.prefix}${String(i + 1).padStart(4, '0')}`,
      general ? 'general' : 'individual',
      general ? '2025-12-15' : '',
      general ? '2026-12-14' : '',
      applicationDate,
      general ? GENERAL_LICENCE_HOLDERS[i % 3]! : pick(EXPORTERS),
      next() < 0.8 ? company.sector : pick(SECTORS),
      product.elements.join(';'),
      product.productType,
      String(Math.round(50 + next() * 4000)),
      String(Math.round(20_000 + next() * 900_000)),
      String(urgent),
      urgent ? pick(URGENCY) : '',
      status,
      decided ? (general ? '2025-12-12' : addDays(applicationDate, 20 + Math.floor(next() * 90))) : '',
      status === 'granted' ? pick(['in_progress', 'cleared', 'cleared'] as const) : 'not_started',
      'true',
    ];
  });
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

async function loadDashboardCompanies(): Promise<void> {
  let created = 0;
  for (let i = 0; i < DASHBOARD_COMPANIES; i++) {
    const company = dashboardCompany(i);
    const token = await getAccessToken({ issuer: ISSUER, email: company.email, name: company.name });
    const saved = await api(token, 'PUT', '/me/company', company.company);
    if (saved.status !== 200 && saved.status !== 201)
      throw new Error(`${company.company.name}: ${saved.status} ${JSON.stringify(saved.body)}`);
    const response = await fetch(`${GATEWAY}/api/v1/licences/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: dashboardCsv(company, i),
    });
    const report = (await response.json()) as { created?: number; failed?: number; rows?: unknown[] };
    if (!response.ok)
      throw new Error(`${company.company.name} import: ${response.status} ${JSON.stringify(report)}`);
    created += report.created ?? 0;
  }
  console.log(
    `${DASHBOARD_COMPANIES} more importers across ${MEMBER_STATES.length} member states: ${created} licences added`,
  );
}

export async function loadDemoData(): Promise<void> {
  for (const company of DEMO_COMPANIES) {
    const { created, existing } = await loadCompany(company);
    console.log(
      `${company.company.name} (${company.email}): ${created} licences added, ${existing} already there`,
    );
  }
  await loadColleagues(DEMO_COMPANIES[0]!, DEMO_COLLEAGUES);
  await loadDashboardCompanies();
  const commission = await getAccessToken({
    issuer: ISSUER,
    email: DEMO_COMMISSION.email,
    name: DEMO_COMMISSION.name,
  });
  const me = await api(commission, 'GET', '/me');
  const all = await api(commission, 'GET', '/licences?limit=1');
  console.log(
    `${DEMO_COMMISSION.name} (${DEMO_COMMISSION.email}): role ${me.body.role}, sees ${all.body.total} licences`,
  );
  await dispatchFirstBatch(commission);
  await migrateSurveyExample(commission);
  await writeDemoThreads(commission);
}

const QUESTIONS = [
  'Our supplier says MOFCOM asked for an end-user certificate. Can the Commission confirm what is needed?',
  'Production of the motor line stops in three weeks without this delivery. Is there any news from MOFCOM?',
];
const ANSWERS = [
  'Thank you. We raised this licence with MOFCOM in the last transmission and will come back to you.',
  'Please update the customs status on the licence page so that we can follow it up with the authorities.',
];

/**
 * A few threads, as people would write them: each demo operator asks about one of their licences
 * and writes in their company's general thread, the Commission answers the first, and one
 * broadcast goes to the companies with urgent pending licences. The mails land in the mail
 * catcher. A company that already has threads, and a broadcast already sent, are left alone.
 */
async function writeDemoThreads(commission: string): Promise<void> {
  let threads = 0;
  for (const [i, company] of DEMO_COMPANIES.entries()) {
    const token = await getAccessToken({ issuer: ISSUER, email: company.email, name: company.name });
    const existing = await api(token, 'GET', '/messages/threads');
    if (existing.status !== 200) throw new Error(`threads: ${existing.status} ${JSON.stringify(existing.body)}`);
    if (existing.body.items.length > 0) continue;
    const licence = (await api(token, 'GET', '/licences?limit=1&sort=-submittedAt')).body.items[0];
    // Messaging learns of licences from events: all of them are there long before this runs.
    const asked = await api(token, 'POST', `/licences/${licence.id}/messages`, { body: QUESTIONS[i % 2] });
    if (asked.status !== 201) throw new Error(`message: ${asked.status} ${JSON.stringify(asked.body)}`);
    await api(commission, 'POST', `/messages/threads/${asked.body.threadId}/messages`, { body: ANSWERS[i % 2] });
    const general = await api(token, 'POST', '/me/company/messages', {
      body: 'Could the Commission tell us when the next transmission to MOFCOM is planned?',
    });
    if (general.status !== 201) throw new Error(`general thread: ${general.status} ${JSON.stringify(general.body)}`);
    threads += 2;
  }
  const sent = await api(commission, 'GET', '/messages/broadcasts');
  let broadcast = '';
  if (sent.status === 200 && sent.body.items.length === 0) {
    const result = await api(commission, 'POST', '/messages/broadcasts', {
      filter: { status: 'pending', urgent: true },
      subject: 'Urgent licences raised with MOFCOM',
      body: 'The Commission raised every urgent pending licence with MOFCOM this week. Please keep their status up to date.',
    });
    if (result.status >= 300) throw new Error(`broadcast: ${result.status} ${JSON.stringify(result.body)}`);
    broadcast = `; a broadcast to ${result.body.companies} companies with urgent pending licences`;
  }
  console.log(`Messages: ${threads} threads opened${broadcast}`);
}

/** The anonymised EU Survey export the licences service ships as its example. */
const SURVEY_EXAMPLE = path.join(__dirname, '..', 'services', 'licences', 'fixtures', 'eusurvey-example.csv');

/**
 * The EU Survey migration as the Commission runs it: a dry run of the example export, then the
 * migration itself (a re-run changes nothing). Then one respondent signs in (which binds the
 * pre-provisioned user to their EU Login account) and confirms some of their migrated licences,
 * so the "check this migrated licence" flag shows on the others.
 */
async function migrateSurveyExample(commission: string): Promise<void> {
  const file = readFileSync(SURVEY_EXAMPLE);
  const upload = async (dryRun: boolean) => {
    const response = await fetch(`${GATEWAY}/api/v1/migrations/eusurvey?dryRun=${dryRun}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${commission}`,
        'content-type': 'text/csv',
        'x-file-name': path.basename(SURVEY_EXAMPLE),
      },
      body: file,
    });
    const body = (await response.json()) as { totals?: { outcomes: Record<string, number>; licences: number } };
    if (!response.ok || !body.totals)
      throw new Error(`EU Survey migration: ${response.status} ${JSON.stringify(body)}`);
    return body.totals;
  };
  const outcomes = (totals: { outcomes: Record<string, number> }) =>
    Object.entries(totals.outcomes)
      .filter(([, n]) => n > 0)
      .map(([outcome, n]) => `${n} ${outcome}`)
      .join(', ');
  const dry = await upload(true);
  const real = await upload(false);
  console.log(`EU Survey migration of ${path.basename(SURVEY_EXAMPLE)}: dry run ${outcomes(dry)}; run ${outcomes(real)}`);

  const respondent = { email: 'anna.keller@autoteile-beispiel.example', name: 'Anna Keller' };
  const token = await getAccessToken({ issuer: ISSUER, ...respondent });
  const flagged = await api(token, 'GET', '/licences?reviewRequired=true&limit=200');
  if (flagged.status !== 200) throw new Error(`migrated licences: ${flagged.status} ${JSON.stringify(flagged.body)}`);
  // Confirm those whose number ends in an even digit: the same ones on every run, the rest stay flagged.
  let reviewed = 0;
  for (const licence of flagged.body.items as { id: string; licenceNumber: string }[]) {
    if (!/[02468]$/.test(licence.licenceNumber)) continue;
    const one = await api(token, 'GET', `/licences/${licence.id}`);
    const done = await api(token, 'POST', `/licences/${licence.id}/review`, undefined, {
      'if-match': one.etag ?? '*',
    });
    if (done.status >= 300) throw new Error(`review ${licence.licenceNumber}: ${done.status} ${JSON.stringify(done.body)}`);
    reviewed += 1;
  }
  console.log(
    `${respondent.name} (${respondent.email}), a migrated respondent: confirmed ${reviewed} migrated licences, ${flagged.body.items.length - reviewed} left to check`,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One dispatched batch, as the Commission makes it: build a batch of every pending and processing
 * licence, then dispatch it (the e-mail lands in the local mail catcher). The transmissions service
 * learns about licences from events, so the batch is built again until it holds them all.
 */
async function dispatchFirstBatch(commission: string): Promise<void> {
  const batches = await api(commission, 'GET', '/transmissions/batches?limit=100');
  if (batches.status !== 200) throw new Error(`batches: ${batches.status} ${JSON.stringify(batches.body)}`);
  if (batches.body.items.some((b: { status: string }) => b.status === 'dispatched')) {
    console.log('MOFCOM batch: already dispatched');
    return;
  }
  const count = async (status: string) =>
    (await api(commission, 'GET', `/licences?status=${status}&limit=1`)).body.total as number;
  const expected = (await count('pending')) + (await count('processing'));
  let batch: { id: string; itemCount: number; runNumber: number } | undefined;
  for (let attempt = 0; attempt < 40 && !batch; attempt++) {
    const draft = await api(commission, 'POST', '/transmissions/batches', {});
    if (draft.status !== 201) throw new Error(`batch: ${draft.status} ${JSON.stringify(draft.body)}`);
    if (draft.body.itemCount >= expected) batch = draft.body;
    else {
      await api(commission, 'POST', `/transmissions/batches/${draft.body.id}/cancel`, {});
      await sleep(500);
    }
  }
  if (!batch) throw new Error(`the transmissions service did not receive the ${expected} pending licences`);
  const dispatch = await api(commission, 'POST', `/transmissions/batches/${batch.id}/dispatch`, {});
  if (dispatch.status !== 202)
    throw new Error(`dispatch: ${dispatch.status} ${JSON.stringify(dispatch.body)}`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const current = (await api(commission, 'GET', `/transmissions/batches/${batch.id}`)).body;
    if (current.status === 'dispatched') {
      console.log(`MOFCOM batch ${batch.runNumber}: ${batch.itemCount} licences dispatched`);
      return;
    }
    if (current.status === 'failed') throw new Error(`dispatch failed: ${current.dispatch?.lastError}`);
    await sleep(500);
  }
  throw new Error('the batch was not dispatched within 30 s');
}

if (require.main === module) {
  loadDemoData().catch((error: unknown) => {
    console.error(`demo data: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
