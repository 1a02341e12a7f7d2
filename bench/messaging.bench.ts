/**
 * The messaging service's e-mail at scale: a broadcast to BENCH_MESSAGING_COMPANIES companies
 * through its HTTP API, and the transmission digest after a dispatched batch of
 * BENCH_MESSAGING_LICENCES licences over those companies (one TransmissionBatchDispatched and a
 * LicenceTransmitted per licence). For each: the time to enqueue (messages and e-mail outbox rows
 * committed) and the time until a real SMTP server on loopback has accepted every mail; then the
 * raw rate of the same server with plain nodemailer, so "delivery limited by SMTP only" is a ratio.
 * The projection (companies, members, licences) is seeded through the service's consumers: the
 * bench publishes the events the licences service would, never SQL. Then the sender alone at each
 * MAIL_CONCURRENCY of BENCH_MESSAGING_SWEEP (a broadcast's backlog drained by a restarted service).
 * Target (issue 10): enqueue under 10 s, delivery limited by SMTP only.
 * Run: npx tsx bench/messaging.bench.ts (or npm run bench); about 20 minutes at the issue's sizes.
 * Smaller: BENCH_MESSAGING_COMPANIES=200 BENCH_MESSAGING_LICENCES=2000 BENCH_MESSAGING_RAW_MAILS=300.
 * Loopback only, bounded in count and time.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { connectBus, type Bus } from '@lmp/bus';
import { platformQueues, type AnyEnvelope } from '@lmp/contracts';
import {
  anIdentity,
  createTestDatabase,
  createTestVhost,
  identityHeaders,
  rabbitmqctl,
  startServiceProcess,
  type ServiceProcess,
} from '@lmp/testing';
import { fmt } from './support/load';
import {
  batchDispatchedEvent,
  companyRegisteredEvent,
  licenceOf,
  licenceSubmittedEvent,
  licenceTransmittedEvent,
  userEmail,
  userJoinedEvent,
} from './support/messaging-events';
import { nodemailerVersion, rawSmtpRate, type RawRate, type SampleMail } from './support/messaging-smtp-rate';
import { startSmtpSink, type SmtpSink } from './support/messaging-smtp-sink';
import { machineDescription, writeReportSection, peakRssMb } from './support/report';

const COMPANIES = Number(process.env.BENCH_MESSAGING_COMPANIES ?? 10_000);
const LICENCES = Number(process.env.BENCH_MESSAGING_LICENCES ?? 100_000);
const USERS_PER_COMPANY = Number(process.env.BENCH_MESSAGING_USERS ?? 1);
/** The service's MAIL_CONCURRENCY (SMTP connections in flight); what it really used is read from its start log. */
const CONCURRENCY = Number(process.env.BENCH_MAIL_CONCURRENCY ?? 4);
const RAW_MAILS = Number(process.env.BENCH_MESSAGING_RAW_MAILS ?? 5_000);
/** MAIL_CONCURRENCY values the sender alone is measured at (a broadcast's backlog each). */
const SWEEP = (process.env.BENCH_MESSAGING_SWEEP ?? '1,4,16').split(',').filter(Boolean).map(Number);
const ENQUEUE_TARGET_S = 10;
const DELIVERY_TIMEOUT_MS = 20 * 60_000;
const LICENCE_QUEUE = 'messaging.licence-events';
const MEMBERSHIP_QUEUE = 'messaging.membership-events';
const PUBLISH_BATCH = 1_000;
const MAX_BACKLOG = 50_000;

/** What the figures mean; true of the service as measured (services/messaging, 2026-12-01). */
const FINDINGS = `
**What the figures mean** (services/messaging and packages/mailer as of 2026-12-01):

- **Broadcast enqueue**: the request records the broadcast (its companies fixed), then writes one
  transaction per 500 companies (threads, messages, thread counters, outbox rows) and answers once
  all are written. A request that dies mid-way is finished by the resume sweep (every minute, one
  writer per broadcast under a session advisory lock), so the answer's time is the enqueue's.
- **Digest enqueue**: the consumer applies the batch's LicenceTransmitted in groups (up to 500
  per transaction, two in flight), fast enough to keep pace with the publisher here, so the end to
  end time is mostly the publishing of 100,001 events (the transmissions service's outbox relay in
  production). The target is read on the digests' own enqueue, from the batch's last event: the
  check that finds the batch complete refreshes the planner's statistics (the batch's rows are
  seconds old), then writes 500 companies per transaction from a cursor, waking the sender after
  each chunk, so the first mails go out while later chunks are written and memory stays bounded.
- **Delivery**: one pass of the sender drains the backlog, claiming the next rows before its
  queue runs dry, and marks accepted mails with one UPDATE per round trip (synchronous_commit off
  for that statement; at most 4 accepted mails wait for a mark). A share near 1 after the enqueue
  means SMTP is the limit; during the enqueue, and in the sweep's drains, the service, PostgreSQL
  and the SMTP sink share the 2 cores, which the raw rate (measured with the service stopped)
  does not.
- **Never twice**: the duplicates column counts Message-IDs the server saw more than once.
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (fromMs: number, toMs: number) => (toMs - fromMs) / 1000;

/** Polls `check` until it answers true; the instant (Date.now) it first did. */
async function until(label: string, timeoutMs: number, check: () => Promise<boolean>, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return Date.now();
    if (Date.now() > deadline) throw new Error(`${label}: not within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

/** The e-mail sender's settings as the service logged them at start ("mail sender started"). */
function senderSettings(service: ServiceProcess): { concurrency: number; batchSize: number } {
  for (const line of service.output().split('\n')) {
    if (!line.includes('mail sender started')) continue;
    try {
      const entry = JSON.parse(line) as { concurrency?: number; batchSize?: number };
      return { concurrency: entry.concurrency ?? 1, batchSize: entry.batchSize ?? 50 };
    } catch {
      // not a JSON line
    }
  }
  throw new Error(`the service did not log "mail sender started"; its output:\n${service.output()}`);
}

interface Db {
  count(sql: string, params?: unknown[]): Promise<number>;
  query: pg.Client['query'];
}

/** Publishes make(0..count-1) in confirmed batches, keeping the queue's backlog bounded (the broker is shared). */
async function publishAll(bus: Bus, queue: string, count: number, make: (i: number) => AnyEnvelope) {
  for (let from = 0; from < count; from += PUBLISH_BATCH) {
    const batch: AnyEnvelope[] = [];
    for (let i = from; i < Math.min(count, from + PUBLISH_BATCH); i++) batch.push(make(i));
    await bus.publish(batch);
    if ((from / PUBLISH_BATCH) % 10 === 9) {
      while ((await bus.backlog(queue)) > MAX_BACKLOG) await sleep(250);
    }
  }
}

/** Waits until the consumer `queue` has applied `expected` events in all (processed_events). */
async function applied(db: Db, queue: string, expected: number, label: string): Promise<void> {
  let lastLog = Date.now();
  await until(
    label,
    30 * 60_000,
    async () => {
      const n = await db.count(
        'SELECT count(*)::int AS n FROM messaging.processed_events WHERE consumer = $1',
        [queue],
      );
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        console.log(`${label}: ${n} of ${expected} applied`);
      }
      return n >= expected;
    },
    500,
  );
}

interface Seeding {
  events: number;
  seconds: number;
}

async function seed(bus: Bus, db: Db): Promise<Seeding> {
  const t0 = Date.now();
  await Promise.all([
    publishAll(bus, LICENCE_QUEUE, COMPANIES, companyRegisteredEvent),
    publishAll(bus, MEMBERSHIP_QUEUE, COMPANIES * USERS_PER_COMPANY, (k) =>
      userJoinedEvent(k % COMPANIES, Math.floor(k / COMPANIES)),
    ),
  ]);
  await publishAll(bus, LICENCE_QUEUE, LICENCES, (i) => licenceSubmittedEvent(i, COMPANIES));
  await applied(db, MEMBERSHIP_QUEUE, COMPANIES * USERS_PER_COMPANY, 'UserJoinedCompany');
  await applied(db, LICENCE_QUEUE, COMPANIES + LICENCES, 'CompanyRegistered + LicenceSubmitted');
  const events = COMPANIES * (1 + USERS_PER_COMPANY) + LICENCES;
  const s = seconds(t0, Date.now());
  console.log(`seeded ${events} events in ${s.toFixed(1)} s`);
  return { events, seconds: s };
}

interface Delivery {
  mails: number;
  /** From the start (request sent / first event published). */
  enqueuedS: number;
  firstAcceptedS: number;
  deliveredS: number;
  markedS: number;
  /** Mails per second between the sink's first and last accepted message of the phase. */
  rate: number;
  /** Mails per second from the end of the enqueue to the last accepted (the sender alone). */
  rateAfterEnqueue: number;
  bytesPerMail: number;
  duplicates: number;
  failed: number;
}

const unsentCount = (db: Db) =>
  db.count(
    'SELECT count(*)::int AS n FROM messaging.mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL',
  );

/** After the mails of a phase are enqueued: until the sink has them all and the outbox says so. */
async function delivered(db: Db, sink: SmtpSink, t0: number, mails: number, enqueuedAt: number) {
  const acceptedAtEnqueue = sink.accepted();
  const deliveredAt = await sink.waitFor(mails, DELIVERY_TIMEOUT_MS);
  const markedAt = await until('outbox marked sent', 60_000, async () => (await unsentCount(db)) === 0);
  await sleep(1000); // a resend would show here
  const failed = await db.count(
    'SELECT count(*)::int AS n FROM messaging.mail_outbox WHERE failed_at IS NOT NULL',
  );
  const accepted = sink.accepted();
  return {
    mails,
    enqueuedS: seconds(t0, enqueuedAt),
    firstAcceptedS: seconds(t0, sink.firstAt()),
    deliveredS: seconds(t0, deliveredAt),
    markedS: seconds(t0, markedAt),
    rate: (mails - 1) / Math.max(0.001, seconds(sink.firstAt(), sink.lastAt())),
    rateAfterEnqueue: (mails - acceptedAtEnqueue) / Math.max(0.001, seconds(enqueuedAt, deliveredAt)),
    bytesPerMail: sink.bytes() / Math.max(1, accepted),
    duplicates: sink.duplicates() + Math.max(0, accepted - mails),
    failed,
  } satisfies Delivery;
}

const BROADCAST = {
  filter: { status: 'pending' },
  subject: 'Reporting obligations for pending licences',
  body: 'Dear colleagues,\n\nplease check that the status of each of your pending licences is up to date before the next MOFCOM batch.\n\nDG TRADE',
};

/** POST /messages/broadcasts as a Commission analyst, the way the gateway forwards it. */
async function postBroadcast(service: ServiceProcess, body: unknown, key?: string) {
  const identity = anIdentity({ role: 'commission', email: 'bench@ec.europa.eu', name: 'Bench Analyst' });
  const response = await fetch(`${service.url}/api/v1/messages/broadcasts`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
      ...(await identityHeaders(identity, { audience: 'lmp-messaging', ttlSeconds: 600 })),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface Enqueued {
  t0: number;
  answeredAt: number;
  enqueuedAt: number;
  rowsAtAnswer: boolean;
  status: number;
}

/** Sends the broadcast; resolves once its messages and mail rows are all committed. */
async function sendBroadcast(service: ServiceProcess, db: Db): Promise<Enqueued> {
  const mails = COMPANIES * USERS_PER_COMPANY;
  const mailRows = () =>
    db.count("SELECT count(*)::int AS n FROM messaging.mail_outbox WHERE kind = 'new-message'");
  const before = await mailRows();
  const t0 = Date.now();
  const sent = await postBroadcast(service, BROADCAST, randomUUID());
  const answeredAt = Date.now();
  if (sent.status !== 201 || sent.body.companies !== COMPANIES)
    throw new Error(`broadcast: ${sent.status} ${JSON.stringify(sent.body)}`);
  const rowsWritten = async () =>
    (await db.count('SELECT count(*)::int AS n FROM messaging.messages WHERE broadcast_id = $1', [
      sent.body.id,
    ])) === COMPANIES && (await mailRows()) - before === mails;
  const rowsAtAnswer = await rowsWritten();
  const enqueuedAt = rowsAtAnswer ? answeredAt : await until('broadcast rows', 120_000, rowsWritten);
  console.log(`broadcast answered ${sent.status} in ${seconds(t0, answeredAt).toFixed(1)} s`);
  return { t0, answeredAt, enqueuedAt, rowsAtAnswer, status: sent.status };
}

interface BroadcastFigures extends Delivery {
  dryRunS: number;
  dryRun: { companies: number; licences: number };
  answerS: number;
  rowsAtAnswer: boolean;
  status: number;
}

async function broadcast(service: ServiceProcess, db: Db, sink: SmtpSink): Promise<BroadcastFigures> {
  const d0 = Date.now();
  const dry = await postBroadcast(service, { ...BROADCAST, dryRun: true });
  const dryRunS = seconds(d0, Date.now());
  const dryRun = dry.body as { companies: number; licences: number };
  if (dry.status !== 200 || dryRun.companies !== COMPANIES)
    throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body)}`);
  await sink.reset();
  const sent = await sendBroadcast(service, db);
  const delivery = await delivered(db, sink, sent.t0, COMPANIES * USERS_PER_COMPANY, sent.enqueuedAt);
  console.log(`broadcast delivered in ${delivery.deliveredS.toFixed(1)} s (${fmt(delivery.rate, 0)}/s)`);
  return {
    ...delivery,
    dryRunS,
    dryRun,
    answerS: seconds(sent.t0, sent.answeredAt),
    rowsAtAnswer: sent.rowsAtAnswer,
    status: sent.status,
  };
}

interface DigestFigures extends Delivery {
  publishedS: number;
  appliedS: number;
  /** From the batch's last event (TransmissionBatchDispatched) published to every digest row committed. */
  afterDispatchS: number;
  /** From digests_started_at (the check that found the batch complete) to every digest row committed. */
  digestWriteS: number;
  licencesPerDigest: number;
}

async function digest(bus: Bus, db: Db, sink: SmtpSink): Promise<DigestFigures> {
  await sink.reset();
  const batchId = randomUUID();
  const mails = COMPANIES * USERS_PER_COMPANY;
  const processed = () =>
    db.count('SELECT count(*)::int AS n FROM messaging.processed_events WHERE consumer = $1', [
      LICENCE_QUEUE,
    ]);
  const before = await processed();
  const t0 = Date.now();
  // The transmissions service's order: every LicenceTransmitted, then the TransmissionBatchDispatched.
  await publishAll(bus, LICENCE_QUEUE, LICENCES, (i) => licenceTransmittedEvent(i, COMPANIES, batchId));
  await bus.publish([batchDispatchedEvent(batchId, LICENCES)]);
  const publishedAt = Date.now();
  let appliedAt = 0;
  let lastLog = Date.now();
  const enqueuedAt = await until(
    'digests enqueued',
    30 * 60_000,
    async () => {
      if (!appliedAt) {
        const n = (await processed()) - before;
        if (n >= LICENCES + 1) appliedAt = Date.now();
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          console.log(`digest: ${n} of ${LICENCES + 1} batch events applied`);
        }
      }
      return (
        (await db.count(
          "SELECT count(*)::int AS n FROM messaging.mail_outbox WHERE kind = 'transmission-digest'",
        )) === mails
      );
    },
    100,
  );
  appliedAt ||= enqueuedAt;
  const { rows } = await db.query<{ at: Date | null }>(
    'SELECT digests_started_at AS at FROM messaging.batches WHERE id = $1',
    [batchId],
  );
  const digestStartedAt = rows[0]?.at?.getTime() ?? enqueuedAt;
  const sample = await db.query<{ text_body: string }>(
    "SELECT text_body FROM messaging.mail_outbox WHERE kind = 'transmission-digest' AND to_address = $1",
    [userEmail(0, 0)],
  );
  const prefix = licenceOf(0, COMPANIES).licenceNumber.slice(0, 8);
  const licencesPerDigest = (sample.rows[0]?.text_body.split(prefix).length ?? 1) - 1;
  console.log(`digest enqueued ${seconds(t0, enqueuedAt).toFixed(1)} s after the first event was published`);
  const delivery = await delivered(db, sink, t0, mails, enqueuedAt);
  console.log(`digest delivered in ${delivery.deliveredS.toFixed(1)} s (${fmt(delivery.rate, 0)}/s)`);
  return {
    ...delivery,
    publishedS: seconds(t0, publishedAt),
    appliedS: seconds(t0, appliedAt),
    afterDispatchS: seconds(publishedAt, enqueuedAt),
    digestWriteS: seconds(digestStartedAt, enqueuedAt),
    licencesPerDigest,
  };
}

interface SweepFigures {
  concurrency: number;
  /** The broadcast's HTTP answer with the sender off (nothing else running in the service). */
  enqueueAloneS: number;
  /** A backlog of one broadcast's mails, from the restarted service's readiness to the last accepted. */
  drainS: number;
  rate: number;
  duplicates: number;
}

/**
 * The sender alone at other concurrencies: a broadcast enqueued with the sender off (so also the
 * enqueue without a sender competing for the process), then the service restarted with the sender
 * on at `concurrency`, draining that backlog.
 */
async function sweep(
  start: (env: Record<string, string>) => Promise<ServiceProcess>,
  db: Db,
  sink: SmtpSink,
  concurrency: number,
): Promise<SweepFigures> {
  const mails = COMPANIES * USERS_PER_COMPANY;
  let service = await start({ MAIL_SENDER_ENABLED: 'false' });
  const sent = await sendBroadcast(service, db);
  await service.stop();
  await sink.reset();
  service = await start({ MAIL_CONCURRENCY: String(concurrency) });
  try {
    const readyAt = Date.now();
    const deliveredAt = await sink.waitFor(mails, DELIVERY_TIMEOUT_MS);
    await until('outbox marked sent', 60_000, async () => (await unsentCount(db)) === 0);
    await sleep(1000);
    const figures = {
      concurrency,
      enqueueAloneS: seconds(sent.t0, sent.answeredAt),
      drainS: seconds(readyAt, deliveredAt),
      rate: (mails - 1) / Math.max(0.001, seconds(sink.firstAt(), sink.lastAt())),
      duplicates: sink.duplicates() + Math.max(0, sink.accepted() - mails),
    };
    console.log(`sweep: concurrency ${concurrency}: ${fmt(figures.rate, 0)} mails/s`);
    return figures;
  } finally {
    await service.stop();
  }
}

async function sampleMail(db: Db, kind: string): Promise<SampleMail> {
  const { rows } = await db.query<{
    subject: string;
    text_body: string;
    html_body: string;
    headers: Record<string, string>;
  }>('SELECT subject, text_body, html_body, headers FROM messaging.mail_outbox WHERE kind = $1 LIMIT 1', [
    kind,
  ]);
  const row = rows[0]!;
  return { subject: row.subject, text: row.text_body, html: row.html_body, headers: row.headers };
}

export async function runMessagingBench(): Promise<void> {
  const database = await createTestDatabase({ services: ['messaging'] });
  const vhost = await createTestVhost();
  const sink = await startSmtpSink();
  const client = new pg.Client({ connectionString: database.urlFor('messaging') });
  await client.connect();
  const db: Db = {
    query: client.query.bind(client) as pg.Client['query'],
    count: async (sql, params) => (await client.query<{ n: number }>(sql, params)).rows[0]!.n,
  };
  const start = (env: Record<string, string> = {}) =>
    startServiceProcess({
      workspace: 'services/messaging',
      readyTimeoutMs: 60_000,
      env: {
        DATABASE_URL: database.urlFor('messaging'),
        RABBITMQ_URL: vhost.url,
        LOG_LEVEL: 'info', // for the sender's "mail sender started" line
        SMTP_HOST: sink.host,
        SMTP_PORT: String(sink.port),
        MAIL_CONCURRENCY: String(CONCURRENCY),
        PUBLIC_BASE_URL: 'https://licences.example.eu',
        // Once a year: no scheduled mail during the run.
        STALE_REMINDER_CRON: '0 0 1 1 *',
        DAILY_DIGEST_CRON: '0 0 1 1 *',
        ...env,
      },
    });
  let service: ServiceProcess | undefined;
  let bus: Bus | undefined;
  try {
    service = await start();
    const sender = senderSettings(service);
    // The service declares the whole platform's queues; nothing consumes the others in this
    // vhost, so they would keep a copy of every seeded event on the shared broker.
    for (const { name } of platformQueues) {
      if (name !== LICENCE_QUEUE && name !== MEMBERSHIP_QUEUE)
        await rabbitmqctl('delete_queue', '-p', vhost.vhost, name);
    }
    bus = await connectBus({
      url: vhost.url,
      connectionName: 'messaging-bench',
      declareQueues: platformQueues.filter((q) => q.name === LICENCE_QUEUE || q.name === MEMBERSHIP_QUEUE),
    });

    const seeded = await seed(bus, db);
    const seedRss = peakRssMb(service);
    const sent = await broadcast(service, db, sink);
    const broadcastRss = peakRssMb(service);
    const digested = await digest(bus, db, sink);
    const digestRss = peakRssMb(service);
    await service.stop();
    service = undefined;

    const swept: SweepFigures[] = [];
    for (const c of SWEEP) swept.push(await sweep(start, db, sink, c));

    const raw: { kind: string; rate: RawRate }[] = [];
    const samples = {
      'new-message': await sampleMail(db, 'new-message'),
      'transmission-digest': await sampleMail(db, 'transmission-digest'),
    };
    const rawPlan: [keyof typeof samples, number[]][] = [
      ['new-message', [...new Set([1, sender.concurrency, ...SWEEP])].sort((a, b) => a - b)],
      ['transmission-digest', [...new Set([1, sender.concurrency])].sort((a, b) => a - b)],
    ];
    for (const [kind, concurrencies] of rawPlan) {
      for (const c of concurrencies) {
        const rate = await rawSmtpRate(sink, samples[kind], RAW_MAILS, c);
        console.log(`raw nodemailer, ${kind}, concurrency ${c}: ${fmt(rate.perSecond, 0)}/s`);
        raw.push({ kind, rate });
      }
    }
    const rawAt = (kind: string, c: number) =>
      raw.find((r) => r.kind === kind && r.rate.concurrency === c)!.rate.perSecond;
    const share = (rate: number, kind: string, c: number) => (rate / rawAt(kind, c)).toFixed(2);

    const verdict = (ok: boolean) => (ok ? '**met**' : 'not met');
    const s = (x: number) => `${x.toFixed(1)} s`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    const n = (x: number) => x.toLocaleString('en');
    const mails = COMPANIES * USERS_PER_COMPANY;
    const c = sender.concurrency;
    const concurrencyNote =
      c === CONCURRENCY
        ? `The service's e-mail sender ran with **concurrency ${c}** (MAIL_CONCURRENCY: mails in flight, one SMTP connection each) and batch size ${sender.batchSize} (MAIL_BATCH_SIZE).`
        : `The bench set MAIL_CONCURRENCY=${CONCURRENCY}, but the service's e-mail sender logged **concurrency ${c}** (batch size ${sender.batchSize}).`;
    const markdown = `
## Messaging e-mail (bench/messaging.bench.ts)

Machine: ${machineDescription()}. The messaging service runs as its own process (tsx, default
pool, prefetch and chunk sizes) against PostgreSQL, RabbitMQ and a bare SMTP server on loopback
(\`smtp-server\` that accepts every message and only counts it, in a worker thread of the bench;
the test server's mailparser would be the bottleneck instead). The projection was **seeded through
the service's consumers**: ${n(COMPANIES)} CompanyRegistered, ${n(mails)} UserJoinedCompany (${USERS_PER_COMPANY} user per company,
default preferences: immediate e-mail, digest on) and ${n(LICENCES)} LicenceSubmitted (${(LICENCES / COMPANIES).toFixed(0)} per company), published
as the licences service would (\`newEvent\`, confirmed batches of ${n(PUBLISH_BATCH)}): ${n(seeded.events)} events applied in
${s(seeded.seconds)} (${fmt(seeded.events / seeded.seconds, 0)}/s). ${concurrencyNote}

| | broadcast to ${n(COMPANIES)} companies | digest after a batch of ${n(LICENCES)} licences |
|---|---:|---:|
| what starts the clock | \`POST /messages/broadcasts\` sent (Commission identity token, filter status=pending) | first of ${n(LICENCES + 1)} batch events published (every LicenceTransmitted, then TransmissionBatchDispatched, as the transmissions service writes them) |
| events published | | ${s(digested.publishedS)} |
| events applied by the consumer | | ${s(digested.appliedS)} (${fmt((LICENCES + 1) / digested.appliedS, 0)}/s) |
| HTTP answer (${sent.status}) | ${s(sent.answerS)} | |
| **enqueued**: ${n(COMPANIES)} messages / ${n(mails)} mail rows committed, from the clock's start (target < ${ENQUEUE_TARGET_S} s) | **${s(sent.enqueuedS)}**: ${verdict(sent.enqueuedS < ENQUEUE_TARGET_S)}${sent.rowsAtAnswer ? ' (all there at the answer)' : ''} | ${s(digested.enqueuedS)} (end to end, the ${n(LICENCES + 1)} events' publishing included) |
| **digests enqueued after the batch's dispatch event was published** (target < ${ENQUEUE_TARGET_S} s) | | **${s(digested.afterDispatchS)}**: ${verdict(digested.afterDispatchS < ENQUEUE_TARGET_S)} |
| of which writing the digests (the check that found the batch complete → last row; ${digested.licencesPerDigest} licences per digest) | | ${s(digested.digestWriteS)} |
| first mail accepted by SMTP | ${s(sent.firstAcceptedS)} | ${s(digested.firstAcceptedS)} |
| **delivered**: all ${n(mails)} accepted by SMTP | **${s(sent.deliveredS)}** | **${s(digested.deliveredS)}** |
| outbox rows all marked sent | ${s(sent.markedS)} | ${s(digested.markedS)} |
| delivery rate, first to last accepted | ${fmt(sent.rate, 0)} mails/s (${kb(sent.bytesPerMail)} each) | ${fmt(digested.rate, 0)} mails/s (${kb(digested.bytesPerMail)} each) |
| delivery rate after the enqueue | ${fmt(sent.rateAfterEnqueue, 0)} mails/s | ${fmt(digested.rateAfterEnqueue, 0)} mails/s |
| **share of the raw SMTP rate** at concurrency ${c} (first to last / after the enqueue) | **${share(sent.rate, 'new-message', c)}** / ${share(sent.rateAfterEnqueue, 'new-message', c)} | **${share(digested.rate, 'transmission-digest', c)}** / ${share(digested.rateAfterEnqueue, 'transmission-digest', c)} |
| duplicates at the server / rows failed | ${sent.duplicates} / ${sent.failed} | ${digested.duplicates} / ${digested.failed} |
| service peak RSS (VmHWM) after seeding / after the phase | ${seedRss.toFixed(0)} / ${broadcastRss.toFixed(0)} MB | ${digestRss.toFixed(0)} MB |

Dry run of the same broadcast: ${n(sent.dryRun.companies)} companies, ${n(sent.dryRun.licences)} licences, in ${s(sent.dryRunS)}.

**The sender alone, by concurrency.** For each row: a further broadcast to the same ${n(COMPANIES)} companies
sent with the sender off (\`MAIL_SENDER_ENABLED=false\`: the enqueue with nothing competing), then
the service restarted with \`MAIL_CONCURRENCY\` as given, draining that backlog of ${n(mails)} mails.

| MAIL_CONCURRENCY | broadcast enqueue, sender off | drain (from readiness) | mails/s | raw SMTP mails/s, same concurrency | share | duplicates |
|---:|---:|---:|---:|---:|---:|---:|
${swept.map((w) => `| ${w.concurrency} | ${s(w.enqueueAloneS)} | ${s(w.drainS)} | ${fmt(w.rate, 0)} | ${fmt(rawAt('new-message', w.concurrency), 0)} | **${share(w.rate, 'new-message', w.concurrency)}** | ${w.duplicates} |`).join('\n')}

**Raw SMTP rate of the same server**: plain nodemailer ${nodemailerVersion()} (the version @lmp/mailer sends with),
pooled like the sender's transport, ${n(RAW_MAILS)} copies of a real outbox mail of each kind, from the bench process
after the service had stopped:

| mail | concurrency | mails/s |
|---|---:|---:|
${raw.map(({ kind, rate }) => `| ${kind} (${kb(rate.bytesPerMail)}) | ${rate.concurrency} | ${fmt(rate.perSecond, 0)} |`).join('\n')}

A share near 1 means delivery is limited by SMTP only; below it, by the sender's own work per
mail (claiming rows, composing, marking).
${FINDINGS}
`;
    writeReportSection('messaging', markdown);
    process.stdout.write(markdown);
  } finally {
    await bus?.close().catch(() => undefined);
    await client.end().catch(() => undefined);
    await service?.stop();
    await sink.stop();
    await vhost.drop().catch(() => undefined);
    await database.drop().catch(() => undefined);
  }
}

if (require.main === module) {
  runMessagingBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
