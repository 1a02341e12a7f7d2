/**
 * Licences service under load: concurrent creates against the database's raw single-row insert
 * rate (pgbench, same run, same database), and list queries on a million licences.
 * Run: npm run bench (all benches) or npx tsx bench/licences.bench.ts. Loopback only, bounded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import {
  aLicence,
  anIdentity,
  createTestDatabase,
  createTestVhost,
  mintIdentityToken,
  startServiceProcess,
} from '@lmp/testing';
import type { Identity } from '@lmp/auth';
import { createHttpClient } from './support/http-client';
import { fmt, runLoad, type LoadResult } from './support/load';
import { machineDescription, writeReportSection } from './support/report';
import { seedLicences } from './support/seed-licences';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CREATES = Number(process.env.BENCH_CREATES ?? 20_000);
const LICENCES = Number(process.env.BENCH_LICENCES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

function pgbenchInsertRate(databaseUrl: string): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmp-bench-'));
  const script = path.join(dir, 'insert.sql');
  writeFileSync(
    script,
    `INSERT INTO public.bench_raw (id, payload) VALUES (gen_random_uuid(), repeat('x', 400));\n`,
  );
  execFileSync('psql', [
    databaseUrl,
    '-qc',
    'CREATE TABLE IF NOT EXISTS public.bench_raw (id uuid PRIMARY KEY, payload text)',
  ]);
  return runPgbench(script, databaseUrl);
}

/** The same raw insert from Node's pg driver (the service's client stack), 16 pooled clients. */
async function nodeInsertRate(databaseUrl: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  try {
    const result = await runLoad({
      concurrency: CONCURRENCY,
      maxRequests: 200_000,
      maxMs: 10_000,
      expectStatus: 1,
      request: async () =>
        (
          await pool.query(
            `INSERT INTO public.bench_raw (id, payload) VALUES (gen_random_uuid(), repeat('x', 400))`,
          )
        ).rowCount ?? 0,
    });
    return result.perSecond;
  } finally {
    await pool.end();
  }
}

/** pgbench running the service's own create statement shape: the database's ceiling for creates. */
function pgbenchCreateStatementRate(databaseUrl: string): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lmp-bench-'));
  const script = path.join(dir, 'create.sql');
  writeFileSync(
    script,
    `\\set n random(1, 1000000000)
WITH l AS (INSERT INTO licences.licences (id, company_id, licence_number, number_normalised, licence_type, application_date,
    exporter_name, sector, elements, product_type, quantity_kg, mofcom_central_level, submitted_by, submitted_at, updated_at)
  SELECT gen_random_uuid(), (SELECT id FROM licences.companies LIMIT 1), 'PGB-' || :n || '-' || random(), 'PGB' || :n || random(),
    'individual', '2025-06-01', 'JL Mag Rare-Earth Co., Ltd.', 'automotive', ARRAY['terbium'], 'magnets_ndfeb', 10, true,
    gen_random_uuid(), now(), now() RETURNING *),
h AS (INSERT INTO licences.licence_history (id, licence_id, at, actor_id, actor_name, changes)
  SELECT gen_random_uuid(), id, now(), 'bench', 'Bench', '{"licenceNumber":{"from":null,"to":"x"}}'::jsonb FROM l),
o AS (INSERT INTO licences.outbox_events (id, type, payload, published_at)
  SELECT gen_random_uuid(), 'LicenceSubmitted', jsonb_build_object('id', l.id, 'pad', repeat('x', 900)), now() FROM l)
SELECT id FROM l;
`,
  );
  return runPgbench(script, databaseUrl);
}

function runPgbench(script: string, databaseUrl: string): number {
  const out = execFileSync(
    'pgbench',
    ['-n', '-c', String(CONCURRENCY), '-j', '2', '-T', '10', '-f', script, databaseUrl],
    {
      encoding: 'utf8',
    },
  );
  const tps = /tps = ([\d.]+)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(tps[1]);
}

async function headersFor(identity: Identity) {
  return { 'x-lmp-identity': await mintIdentityToken(identity, 3600), 'content-type': 'application/json' };
}

function licenceBody(worker: number, index: number) {
  // Letters between the numbers: dashes vanish when numbers are normalised, so 1-23 and 12-3 would collide.
  return JSON.stringify(aLicence({ licenceNumber: `BENCH${process.pid}W${worker}N${index}` }));
}

const row = (name: string, r: LoadResult) =>
  `| ${name} | ${r.requests} | ${fmt(r.perSecond, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors}${
    r.errors > 0 ? ` (statuses ${JSON.stringify(r.statuses)})` : ''
  } |`;

export async function runLicencesBench(): Promise<void> {
  const database = await createTestDatabase({ services: ['licences'] });
  const vhost = await createTestVhost();
  const adminDbUrl = database.urlFor('licences').replace(/\/\/[^@]+@/, '//postgres@');
  const service = await startServiceProcess({
    workspace: 'services/licences',
    echo: true,
    env: { DATABASE_URL: database.urlFor('licences'), RABBITMQ_URL: vhost.url, DATABASE_POOL_SIZE: '16' },
  });
  try {
    console.log('raw insert rate (pgbench)…');
    const raw = pgbenchInsertRate(adminDbUrl);
    const rawNode = await nodeInsertRate(adminDbUrl);

    console.log('creates…');
    const operators = await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, i) => {
        const identity = anIdentity();
        const headers = await headersFor(identity);
        const company = {
          name: `Bench ${i}`,
          eori: `FR${Date.now()}${i}`,
          country: 'FR',
          memberState: 'FR',
          sme: false,
          sector: 'automotive',
        };
        const res = await fetch(`${service.url}/api/v1/me/company`, {
          method: 'PUT',
          headers,
          body: JSON.stringify(company),
        });
        if (res.status !== 201) throw new Error(`company: ${res.status} ${await res.text()}`);
        return headers;
      }),
    );
    const send = createHttpClient(service.url);
    // Warm-up: JIT, pool connections, prepared plans.
    await runLoad({
      concurrency: CONCURRENCY,
      maxRequests: 500,
      maxMs: 10_000,
      expectStatus: 201,
      request: (w, i) => send('POST', '/api/v1/licences', operators[w]!, licenceBody(w + 1000, i)),
    });
    const creates = await runLoad({
      concurrency: CONCURRENCY,
      maxRequests: CREATES,
      maxMs: SECONDS * 1000,
      expectStatus: 201,
      request: (w, i) => send('POST', '/api/v1/licences', operators[w]!, licenceBody(w, i)),
    });

    const ceiling = pgbenchCreateStatementRate(adminDbUrl);
    console.log(`seeding ${LICENCES} licences…`);
    const seedStart = Date.now();
    await seedLicences(adminDbUrl, LICENCES);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const operator = anIdentity();
    execFileSync('psql', [
      adminDbUrl,
      '-qc',
      `INSERT INTO licences.users (id, subject, email, name, role, company_id)
       SELECT gen_random_uuid(), '${operator.subject}', '${operator.email}', '${operator.name}', 'operator',
              (SELECT id FROM licences.companies WHERE name = 'Bench Company 1')`,
    ]);
    const operatorHeaders = await headersFor(operator);
    const commissionHeaders = await headersFor(
      anIdentity({ role: 'commission', email: 'bench@ec.europa.eu' }),
    );
    const firstPage = (await (
      await fetch(`${service.url}/api/v1/licences?limit=50`, { headers: commissionHeaders })
    ).json()) as {
      nextCursor: string;
    };
    const listQueries: [string, Record<string, string>, string][] = [
      ['operator: first page, newest first', operatorHeaders, '/api/v1/licences'],
      ['operator: status=pending', operatorHeaders, '/api/v1/licences?status=pending'],
      ['Commission: urgent pending', commissionHeaders, '/api/v1/licences?status=pending&urgent=true'],
      [
        'Commission: exporter search q=ningbo (1 in 6 licences match)',
        commissionHeaders,
        '/api/v1/licences?q=ningbo',
      ],
      [
        'Commission: q=ningbo&sector=aerospace (worst case: 166k text matches, none in the sector)',
        commissionHeaders,
        '/api/v1/licences?q=ningbo&sector=aerospace',
      ],
      ['Commission: licence number q=00012345', commissionHeaders, '/api/v1/licences?q=00012345'],
      [
        'Commission: next page by cursor',
        commissionHeaders,
        `/api/v1/licences?cursor=${encodeURIComponent(firstPage.nextCursor)}`,
      ],
      ['Commission: first page, all 1M (with total)', commissionHeaders, '/api/v1/licences'],
    ];
    const lists: [string, LoadResult, LoadResult][] = [];
    for (const [name, headers, url] of listQueries) {
      console.log(`list: ${name}`);
      const load = (concurrency: number, maxRequests: number) =>
        runLoad({
          concurrency,
          maxRequests,
          maxMs: 15_000,
          expectStatus: 200,
          request: () => send('GET', url, headers),
        });
      lists.push([name, await load(1, 300), await load(8, 2000)]);
    }

    const ratio = creates.perSecond / raw;
    writeReportSection(
      'licences',
      `## Licences service (bench/licences.bench.ts)

Measured ${new Date().toISOString().slice(0, 10)} on ${machineDescription()}; PostgreSQL and RabbitMQ local;
the service in its own process (pool ${16}), the load generator in another, HTTP keep-alive on loopback.

**Creates vs the database's raw insert rate** (${CONCURRENCY} concurrent clients each, same database, same run):

| what | per second | creates as a share |
|---|---|---|
| raw single-row insert transactions, pgbench (C client, 10 s) | ${fmt(raw, 0)} | **${fmt(ratio, 2)}** |
| raw single-row insert transactions from Node's pg driver (the service's client stack) | ${fmt(rawNode, 0)} | **${fmt(creates.perSecond / rawNode, 2)}** |
| the create statement alone (licence + history + outbox row, 11 indexes incl. 2 trigram GIN), pgbench | ${fmt(ceiling, 0)} | ${fmt(creates.perSecond / ceiling, 2)} |
| **licence creates through the service** (HTTP, identity check, validation, one atomic statement, event relayed to RabbitMQ) | **${fmt(creates.perSecond, 0)}** | |

| load | requests | per second | p50 ms | p95 ms | p99 ms | errors |
|---|---|---|---|---|---|---|
${row('POST /licences', creates)}

**List queries with ${LICENCES.toLocaleString('en-GB')} licences** (seeding took ${fmt(seedSeconds, 0)} s; target p95 < 20 ms),
one client at a time (latency) and 8 concurrent clients (the 2 cores saturated: latency includes queueing):

| query | 1 client p50 ms | 1 client p95 ms | 8 clients p50 ms | 8 clients p95 ms | 8 clients per second | errors |
|---|---|---|---|---|---|---|
${lists.map(([name, one, eight]) => `| ${name} | ${fmt(one.p50)} | ${fmt(one.p95)} | ${fmt(eight.p50)} | ${fmt(eight.p95)} | ${fmt(eight.perSecond, 0)} | ${one.errors + eight.errors} |`).join('\n')}
`,
    );
    console.log(`raw node ${fmt(rawNode, 0)}/s, create statement ceiling ${fmt(ceiling, 0)}/s`);
    console.log(
      `raw ${fmt(raw, 0)}/s, creates ${fmt(creates.perSecond, 0)}/s (ratio ${fmt(ratio, 2)}), p99 ${fmt(creates.p99)} ms`,
    );
    for (const [name, r] of lists)
      console.log(`${name}: p95 ${fmt(r.p95)} ms, ${fmt(r.perSecond, 0)}/s, errors ${r.errors}`);
  } finally {
    await service.stop();
    await vhost.drop();
    await database.drop();
  }
}

if (require.main === module) {
  runLicencesBench().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
