// `npm start`: the whole platform on this machine. Checks PostgreSQL and RabbitMQ, migrates,
// starts the development identity provider, every existing service and the gateway as child
// processes (each in its own process group, output prefixed), waits until they are ready, loads
// the demo data through the gateway, and prints how to use it. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const env = process.env;
/**
 * The platform's services behind the gateway, started in this order: adding a service is one
 * entry here. `gatewayVariable` is the gateway setting that points at it; `<NAME>_PORT` moves it.
 */
const SERVICES = [
  {
    name: 'licences',
    port: 3001,
    color: '36',
    gatewayVariable: 'LICENCES_URL',
    what: 'companies, licences, history',
  },
  {
    name: 'transmissions',
    port: 3002,
    color: '34',
    gatewayVariable: 'TRANSMISSIONS_URL',
    what: 'MOFCOM batches, dispatch, feedback',
  },
  {
    name: 'reporting',
    port: 3003,
    color: '35',
    gatewayVariable: 'REPORTING_URL',
    what: 'the dashboard figures and exports, from events',
  },
  {
    name: 'messaging',
    port: 3004,
    color: '94',
    gatewayVariable: 'MESSAGING_URL',
    what: 'threads with the Commission, evidence files, broadcasts, e-mail',
  },
];
const portOf = (name, fallback) => Number(env[`${name.toUpperCase()}_PORT`] ?? fallback);
const PORTS = {
  idp: Number(env.EULOGIN_PORT ?? 7080),
  ...Object.fromEntries(SERVICES.map((s) => [s.name, portOf(s.name, s.port)])),
  gateway: Number(env.GATEWAY_PORT ?? 8080),
  // The web pages (services/web): a client of the gateway, signed in through the issuer.
  web: Number(env.WEB_PORT ?? 3000),
  // The local mail catcher (MailDev, from npm): a real SMTP server whose mail a person reads in the
  // browser; the services send through it (batch e-mails to MOFCOM, notifications).
  mail: Number(env.MAIL_SMTP_PORT ?? 1025),
  mailWeb: Number(env.MAIL_WEB_PORT ?? 1080),
};
const SMTP_URL = `smtp://127.0.0.1:${PORTS.mail}`;
/**
 * Each service serves /metrics on a port of its own, never on its API port (the kit's default,
 * PORT + 1000, made explicit here so that it is checked and printed); `<NAME>_METRICS_PORT` moves it.
 */
const METRICS_PORTS = Object.fromEntries(
  [...SERVICES.map((s) => s.name), 'gateway', 'web'].map((name) => [
    name,
    portOf(`${name}_METRICS`, PORTS[name] + 1000),
  ]),
);
const ISSUER = `http://localhost:${PORTS.idp}/cas/oauth2`;
const GATEWAY = `http://localhost:${PORTS.gateway}`;
const WEB = `http://localhost:${PORTS.web}`;
const color = process.stdout.isTTY ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;

const children = [];
let stopping = false;

function log(message) {
  process.stdout.write(`${color('1', '[start]')} ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n${color('31', '[start]')} ${message}\n`);
  return stop(1);
}

/** host:port of a URL from the environment, else the default. */
function endpoint(url, fallbackPort) {
  if (!url) return { host: '127.0.0.1', port: fallbackPort };
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || fallbackPort) };
}

function reachable({ host, port }, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function checkInfrastructure() {
  const postgres = endpoint(env.DATABASE_ADMIN_URL, 5432);
  const rabbit = endpoint(env.RABBITMQ_URL, 5672);
  const missing = [];
  if (!(await reachable(postgres))) {
    missing.push(
      `PostgreSQL is not reachable at ${postgres.host}:${postgres.port}. Start it with:\n` +
        '    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  if (!(await reachable(rabbit))) {
    missing.push(
      `RabbitMQ is not reachable at ${rabbit.host}:${rabbit.port}. Start it with:\n` +
        '    rabbitmq-server -detached',
    );
  }
  if (missing.length) {
    await fail(
      `${missing.join('\n')}\n(or point DATABASE_ADMIN_URL / RABBITMQ_URL at running servers), then run npm start again.`,
    );
  }
  const ports = [
    ...Object.entries(PORTS).map(([name, port]) => [
      name,
      port,
      { idp: 'EULOGIN_PORT', mail: 'MAIL_SMTP_PORT', mailWeb: 'MAIL_WEB_PORT' }[name] ??
        `${name.toUpperCase()}_PORT`,
    ]),
    ...Object.entries(METRICS_PORTS).map(([name, port]) => [
      `${name} metrics`,
      port,
      `${name.toUpperCase()}_METRICS_PORT`,
    ]),
  ];
  for (const [name, port, variable] of ports) {
    if (await reachable({ host: '127.0.0.1', port }, 500)) {
      await fail(
        `Port ${port} (${name}) is already in use: is the platform already running? Stop it, or set ${variable}.`,
      );
    }
  }
}

function run(command, args, label, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    prefixLines(child.stdout, label, process.stdout);
    prefixLines(child.stderr, label, process.stderr);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} exited with code ${code}`)),
    );
  });
}

function prefixLines(stream, label, out) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) out.write(`${label} ${line}\n`);
  });
  stream.on('end', () => rest && out.write(`${label} ${rest}\n`));
}

/**
 * tsx straight away (not `npm run start`, whose npm layer does not pass signals down reliably),
 * detached into its own process group so that stopping kills tsx and the Node process under it.
 */
function startProcess(name, colorCode, script, extraEnv) {
  return startCommand(name, colorCode, path.join(BIN, 'tsx'), [path.join(ROOT, script)], extraEnv, {
    cwd: path.join(ROOT, path.dirname(path.dirname(script))),
  });
}

function startCommand(name, colorCode, command, args, extraEnv, { cwd = ROOT } = {}) {
  const label = color(colorCode, `[${name}]`.padEnd(11));
  const child = spawn(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixLines(child.stdout, label, process.stdout);
  prefixLines(child.stderr, label, process.stderr);
  const entry = { name, child, exited: new Promise((resolve) => child.once('exit', resolve)) };
  child.once('exit', (code, signal) => {
    if (!stopping)
      void fail(`${name} stopped unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
  });
  children.push(entry);
  return entry;
}

async function waitReady(name, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!stopping) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      return fail(`${name} did not become ready at ${url} within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  if (running.length) log('stopping…');
  // Gateway first (no new requests), then the services, then the identity provider.
  for (const { child } of [...running].reverse()) signalGroup(child, 'SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
  const result = await Promise.race([Promise.all(running.map((entry) => entry.exited)), timeout]);
  if (result === 'timeout') {
    for (const { child } of running) signalGroup(child, 'SIGKILL');
  }
  if (running.length) log('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));
// `kill <npm pid>` reaches npm and the shell under it, not always this script: when the process
// that started us goes away, stop as if interrupted rather than leave the services orphaned.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(0), 1000).unref();

function printSummary() {
  const users = [
    ['anna.schmidt@autoparts.example', 'operator, Schmidt Autoteile GmbH (DE)'],
    ['luca.rossi@magneti.example', 'operator, Magneti Rossi S.p.A. (IT)'],
    ['claire.dubois@ec.europa.eu', 'Commission'],
  ];
  const lines = [
    '',
    color('1;32', 'The licence monitoring platform is running.'),
    '',
    `  ${color('1', 'Web pages')}            ${color('1', WEB)} (sign in with any demo user below)`,
    `  API (gateway)        ${GATEWAY}/api/v1`,
    `  API page             ${GATEWAY}/api/docs/`,
    `  OpenAPI document     ${GATEWAY}/api/v1/openapi.json`,
    `  Sign-in (EU Login, development issuer)  ${ISSUER}`,
    ...SERVICES.map(
      (s) =>
        `  ${`${s.name} service`.padEnd(20)} http://localhost:${PORTS[s.name]} (behind the gateway: ${s.what})`,
    ),
    `  Mail (MailDev)       http://localhost:${PORTS.mailWeb} (every e-mail the platform sends, e.g. the batches to MOFCOM)`,
    `  Metrics (Prometheus) ${Object.entries(METRICS_PORTS)
      .map(([name, port]) => `${name} http://localhost:${port}/metrics`)
      .join(', ')}`,
    '',
    '  Demo users (any other e-mail address signs in too; @ec.europa.eu gets the Commission role):',
    ...users.map(([email, what]) => `    ${email.padEnd(34)} ${what}`),
    '',
    '  Get a token and call the API:',
    '    TOKEN=$(npm run -s token -- --email anna.schmidt@autoparts.example)',
    `    curl -H "Authorization: Bearer $TOKEN" ${GATEWAY}/api/v1/licences`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  if (!existsSync(path.join(BIN, 'tsx')))
    return fail('Dependencies are missing: run npm install (npm start does it through prestart).');
  await checkInfrastructure();
  log('applying database migrations (lmp-migrate deploy --all)…');
  await run(path.join(BIN, 'lmp-migrate'), ['deploy', '--all'], color('2', '[migrate]  '));

  startProcess('eulogin', '35', 'services/eulogin-dev/src/start.ts', {
    PORT: String(PORTS.idp),
    LOG_LEVEL: env.LOG_LEVEL ?? 'info',
  });
  await waitReady(
    'the identity provider',
    `http://127.0.0.1:${PORTS.idp}/cas/oauth2/.well-known/openid-configuration`,
  );
  startCommand(
    'mail',
    '32',
    path.join(BIN, 'maildev'),
    [
      '--smtp',
      String(PORTS.mail),
      '--web',
      String(PORTS.mailWeb),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
    ],
    {},
  );
  await waitReady('the mail catcher', `http://127.0.0.1:${PORTS.mailWeb}/`);
  for (const service of SERVICES) {
    startProcess(service.name, service.color, `services/${service.name}/src/start.ts`, {
      PORT: String(PORTS[service.name]),
      METRICS_PORT: String(METRICS_PORTS[service.name]),
      SMTP_URL,
      // Messaging's mail sender, to the same mail catcher; its links lead to the web pages.
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(PORTS.mail),
      PUBLIC_BASE_URL: WEB,
      PUBLIC_API_URL: GATEWAY,
    });
    await waitReady(`the ${service.name} service`, `http://127.0.0.1:${PORTS[service.name]}/readyz`);
  }
  startProcess('gateway', '33', 'services/gateway/src/start.ts', {
    PORT: String(PORTS.gateway),
    METRICS_PORT: String(METRICS_PORTS.gateway),
    OIDC_ISSUER: ISSUER,
    ...Object.fromEntries(SERVICES.map((s) => [s.gatewayVariable, `http://127.0.0.1:${PORTS[s.name]}`])),
  });
  await waitReady('the gateway', `http://127.0.0.1:${PORTS.gateway}/readyz`);
  startProcess('web', '96', 'services/web/src/start.ts', {
    PORT: String(PORTS.web),
    METRICS_PORT: String(METRICS_PORTS.web),
    GATEWAY_URL: `http://127.0.0.1:${PORTS.gateway}`,
    OIDC_ISSUER: ISSUER,
    // The browser's address of the pages: the issuer sends it back to PUBLIC_URL/auth/callback.
    PUBLIC_URL: WEB,
  });
  await waitReady('the web pages', `http://127.0.0.1:${PORTS.web}/readyz`);

  log('loading demo data through the gateway…');
  await run(path.join(BIN, 'tsx'), ['scripts/demo-data.ts'], color('32', '[demo-data]'), {
    GATEWAY_URL: `http://127.0.0.1:${PORTS.gateway}`,
    ISSUER_URL: ISSUER,
  });
  printSummary();
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
