/**
 * The web service's licences list with 50 rows: how long the server takes to render the page
 * (its own `Server-Timing: render`, the TSX → HTML step), the whole page as the browser waits for
 * it, and the same list straight from the gateway's API (the page's one API call), in one run.
 * Signs in through the real code flow (development EU Login), 50 licences registered through the
 * gateway. Run: npx tsx bench/web.bench.ts (BENCH_WEB_WRITE=0: print only, docs untouched).
 */
import { randomUUID } from 'node:crypto';
import { getAccessToken, startDevIdentityProvider } from '@lmp/eulogin-dev';
import {
  aCompany,
  aLicence,
  createTestDatabase,
  createTestVhost,
  freePort,
  startServiceProcess,
} from '@lmp/testing';
import { fmt } from './support/load';
import { machineDescription, percentile, writeReportSection } from './support/report';

const REQUESTS = Number(process.env.BENCH_WEB_REQUESTS ?? 500);
const ROWS = 50;
const TARGET_MS = 50;

type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(jar: Jar, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

/** The browser's part of the code flow, by hand: the web's cookies and the issuer's kept apart. */
async function signIn(webUrl: string, email: string): Promise<string> {
  const web: Jar = new Map();
  const issuer: Jar = new Map();
  let response = await fetch(`${webUrl}/auth/login`, { redirect: 'manual' });
  keep(web, response);
  let location = response.headers.get('location')!;
  for (let hop = 0; hop < 20; hop++) {
    if (location.startsWith(webUrl)) {
      response = await fetch(location, { redirect: 'manual', headers: { cookie: cookieHeader(web) } });
      keep(web, response);
      const session = web.get('lmp_session');
      if (!session) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      return session;
    }
    response = await fetch(location, { redirect: 'manual', headers: { cookie: cookieHeader(issuer) } });
    keep(issuer, response);
    if (response.status === 200) {
      const html = await response.text();
      const action = /<form id="login-form" method="post" action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error('no login form on the issuer page');
      response = await fetch(new URL(action.replace(/&amp;/g, '&'), location), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(issuer), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email }),
      });
      keep(issuer, response);
    }
    location = new URL(response.headers.get('location')!, location).href;
  }
  throw new Error('sign-in did not finish');
}

export async function runWebBench(): Promise<void> {
  const webPort = await freePort();
  const webUrl = `http://localhost:${webPort}`;
  const idp = await startDevIdentityProvider({ port: 0, redirectUris: [`${webUrl}/auth/callback`] });
  const vhost = await createTestVhost();
  const licencesDb = await createTestDatabase({ services: ['licences'] });
  const webDb = await createTestDatabase({ services: ['web'] });
  const quiet = { LOG_LEVEL: 'warn', METRICS_PORT: '0' };
  const licences = await startServiceProcess({
    workspace: 'services/licences',
    env: { ...quiet, DATABASE_URL: licencesDb.urlFor('licences'), RABBITMQ_URL: vhost.url },
  });
  const gateway = await startServiceProcess({
    workspace: 'services/gateway',
    env: {
      ...quiet,
      OIDC_ISSUER: idp.issuer,
      LICENCES_URL: licences.url,
      RATE_LIMIT_PER_USER: '1000000',
      RATE_LIMIT_PER_ADDRESS: '1000000',
    },
  });
  const web = await startServiceProcess({
    workspace: 'services/web',
    port: webPort,
    env: {
      ...quiet,
      NODE_ENV: 'production',
      DATABASE_URL: webDb.urlFor('web'),
      GATEWAY_URL: gateway.url,
      OIDC_ISSUER: idp.issuer,
      PUBLIC_URL: webUrl,
    },
  });
  try {
    const email = `bench.${randomUUID().slice(0, 8)}@bench-company.example`;
    const token = await getAccessToken({ issuer: idp.issuer, email });
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${gateway.url}/api/v1${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
      });
    const company = await api('/me/company', { method: 'PUT', body: JSON.stringify(aCompany()) });
    if (!company.ok) throw new Error(`company: ${company.status} ${await company.text()}`);
    for (let i = 0; i < ROWS; i++) {
      const created = await api('/licences', {
        method: 'POST',
        body: JSON.stringify(aLicence({ licenceNumber: `CN-WEB-${randomUUID()}` })),
      });
      if (created.status !== 201) throw new Error(`licence: ${created.status} ${await created.text()}`);
    }
    const session = await signIn(webUrl, email);
    const render: number[] = [];
    const page: number[] = [];
    const apiList: number[] = [];
    const measure = async () => {
      let start = performance.now();
      const response = await fetch(`${web.url}/licences`, { headers: { cookie: `lmp_session=${session}` } });
      const html = await response.text();
      page.push(performance.now() - start);
      if (response.status !== 200 || (html.match(/<tr class="ecl-table__row"/g) ?? []).length !== ROWS + 1) {
        throw new Error(`the list did not show ${ROWS} rows (${response.status})`);
      }
      render.push(Number(/render;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]));
      start = performance.now();
      const list = await api('/licences?limit=50');
      await list.arrayBuffer();
      apiList.push(performance.now() - start);
    };
    for (let i = 0; i < 50; i++) await measure(); // warm-up
    render.length = page.length = apiList.length = 0;
    for (let i = 0; i < REQUESTS; i++) await measure();
    const row = (name: string, values: number[]) =>
      `| ${name} | ${fmt(percentile(values, 50), 2)} | ${fmt(percentile(values, 95), 2)} | ${fmt(percentile(values, 99), 2)} |`;
    const p95 = percentile(render, 95);
    const markdown = [
      '## Web: the licences list page with 50 rows',
      '',
      `${machineDescription()}. ${REQUESTS} requests one after another (after 50 to warm up), one operator's`,
      `session, ${ROWS} licences; web (NODE_ENV=production), gateway and licences as processes on loopback.`,
      '',
      '| what | p50 ms | p95 ms | p99 ms |',
      '|---|---|---|---|',
      row('server render (TSX → HTML, `Server-Timing: render`)', render),
      row('whole page (session, API call, render)', page),
      row('the same list from the gateway API', apiList),
      '',
      `Server render p95 ${fmt(p95, 2)} ms: ${p95 < TARGET_MS ? 'within' : 'ABOVE'} the ${TARGET_MS} ms target.`,
    ].join('\n');
    process.stdout.write(`${markdown}\n`);
    if (process.env.BENCH_WEB_WRITE !== '0') writeReportSection('web', markdown);
  } finally {
    await web.stop();
    await gateway.stop();
    await licences.stop();
    await webDb.drop();
    await licencesDb.drop();
    await vhost.drop();
    await idp.stop();
  }
}

if (require.main === module) {
  runWebBench().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
