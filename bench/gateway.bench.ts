/**
 * Gateway overhead: licence creates per second through the gateway against creates sent straight
 * to the licences service, in the same run, same concurrency, same number, with a real access
 * token from the development issuer. Rounds alternate (direct, gateway, gateway, direct) so the
 * growing table weighs on both sides alike.
 * Run: npx tsx bench/gateway.bench.ts (or npm run bench). Loopback only, bounded in count and time.
 */
import { randomUUID } from 'node:crypto';
import { getAccessToken, startDevIdentityProvider } from '@lmp/eulogin-dev';
import {
  aLicence,
  createTestDatabase,
  createTestVhost,
  mintIdentityToken,
  startServiceProcess,
} from '@lmp/testing';
import { createHttpClient } from './support/http-client';
import { fmt, runLoad, type LoadResult } from './support/load';
import { machineDescription, percentile, writeReportSection } from './support/report';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CREATES = Number(process.env.BENCH_GATEWAY_CREATES ?? 6000);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 60_000);
const TARGET = 0.8;

const licenceBody = () => JSON.stringify(aLicence({ licenceNumber: `CN-BENCH-${randomUUID()}` }));

interface Side {
  name: 'direct' | 'gateway';
  send: (body: string) => Promise<number>;
  latencies: number[];
  requests: number;
  errors: number;
  seconds: number;
}

async function round(side: Side, count: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await runLoad({
    concurrency: CONCURRENCY,
    maxRequests: count,
    maxMs: ROUND_MS,
    expectStatus: 201,
    request: async () => {
      const t0 = performance.now();
      const status = await side.send(licenceBody());
      latencies.push(performance.now() - t0);
      return status;
    },
  });
  side.latencies.push(...latencies);
  side.requests += result.requests;
  side.errors += result.errors;
  side.seconds += result.seconds;
  if (result.errors)
    throw new Error(`${side.name}: ${result.errors} creates failed: ${JSON.stringify(result.statuses)}`);
  return result;
}

export async function runGatewayBench(): Promise<void> {
  const database = await createTestDatabase({ services: ['licences'] });
  const vhost = await createTestVhost();
  const idp = await startDevIdentityProvider({ port: 0 });
  const stops: (() => Promise<void>)[] = [];
  try {
    const licences = await startServiceProcess({
      workspace: 'services/licences',
      echo: true,
      env: { DATABASE_URL: database.urlFor('licences'), RABBITMQ_URL: vhost.url, DATABASE_POOL_SIZE: '16' },
    });
    stops.push(licences.stop);
    const gateway = await startServiceProcess({
      workspace: 'services/gateway',
      echo: true,
      env: {
        HOST: '127.0.0.1',
        OIDC_ISSUER: idp.issuer,
        LICENCES_URL: licences.url,
        RATE_LIMIT_PER_USER: '100000000',
        RATE_LIMIT_PER_ADDRESS: '100000000',
      },
    });
    stops.push(gateway.stop);

    // One operator with a company, signed in for real; the direct side sends the identity token
    // the gateway would send for the same person.
    const email = `bench.${randomUUID().slice(0, 8)}@autoparts.example`;
    const accessToken = await getAccessToken({ issuer: idp.issuer, email, name: 'Bench Operator' });
    const viaGateway = createHttpClient(gateway.url, CONCURRENCY * 2);
    const direct = createHttpClient(licences.url, CONCURRENCY * 2);
    const json = { 'content-type': 'application/json' };
    const auth = { ...json, authorization: `Bearer ${accessToken}` };
    const company = JSON.stringify({
      name: 'Bench Autoteile GmbH',
      eori: `DE${Date.now()}`,
      country: 'DE',
      memberState: 'DE',
      sme: false,
      sector: 'automotive',
    });
    const created = await viaGateway('PUT', '/api/v1/me/company', auth, company);
    if (created !== 201) throw new Error(`company not created through the gateway: ${created}`);
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
    };
    const identity = await mintIdentityToken(
      { subject: claims.sub, email, name: 'Bench Operator', role: 'operator' },
      3600,
    );
    const directHeaders = { ...json, 'x-lmp-identity': identity };

    const sides: Record<'direct' | 'gateway', Side> = {
      direct: {
        name: 'direct',
        send: (b) => direct('POST', '/api/v1/licences', directHeaders, b),
        latencies: [],
        requests: 0,
        errors: 0,
        seconds: 0,
      },
      gateway: {
        name: 'gateway',
        send: (b) => viaGateway('POST', '/api/v1/licences', auth, b),
        latencies: [],
        requests: 0,
        errors: 0,
        seconds: 0,
      },
    };
    // Warm-up: JIT, connection pools, the gateway's key cache.
    await round({ ...sides.direct, latencies: [] }, 300);
    await round({ ...sides.gateway, latencies: [] }, 300);
    for (const name of ['direct', 'gateway', 'gateway', 'direct'] as const) {
      const result = await round(sides[name], Math.ceil(CREATES / 2));
      console.log(
        `${name.padEnd(8)} ${fmt(result.perSecond, 0)} creates/s  p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms`,
      );
    }

    const rate = (side: Side) => side.requests / side.seconds;
    const ratio = rate(sides.gateway) / rate(sides.direct);
    const row = (side: Side) =>
      `| ${side.name === 'gateway' ? 'through the gateway' : 'straight to licences'} | ${side.requests} | ${fmt(rate(side), 0)} | ${fmt(percentile(side.latencies, 50))} | ${fmt(percentile(side.latencies, 99))} |`;
    const markdown = `## Gateway overhead

Licence creates (\`POST /api/v1/licences\`, one operator, real EU Login token from the development
issuer) through the gateway against the same creates sent straight to the licences service with
the identity token the gateway would send. Same run, ${CONCURRENCY} concurrent clients on each
side, rounds alternating direct, gateway, gateway, direct; gateway and licences service in their
own processes, PostgreSQL and RabbitMQ local. Rate limits raised for the run.

| path | creates | per second | p50 ms | p99 ms |
|---|---:|---:|---:|---:|
${row(sides.direct)}
${row(sides.gateway)}

**Ratio gateway / direct: ${ratio.toFixed(2)}** (target ≥ ${TARGET}) — ${ratio >= TARGET ? 'met' : 'NOT met'}.

Machine: ${machineDescription()}. Run \`npx tsx bench/gateway.bench.ts\`.
`;
    writeReportSection('gateway', markdown);
    console.log(`ratio gateway/direct ${ratio.toFixed(2)} (target ≥ ${TARGET})`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await idp.stop();
    await vhost.drop().catch(() => undefined);
    await database.drop().catch(() => undefined);
  }
}

if (require.main === module) {
  runGatewayBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
