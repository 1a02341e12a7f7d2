import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import path from 'node:path';
import { identityAudience, type Identity } from '@lmp/auth';
import { connectBus, type Bus } from '@lmp/bus';
import { newEvent, type AnyEnvelope, type Company, type Licence } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import { createPool, type Db } from '@lmp/service';
import {
  aCompany,
  aLicence,
  anIdentity,
  createTestDatabase,
  identityHeaders,
  JsonApiClient,
  startServiceProcess,
  type ServiceProcess,
  type TestDatabase,
} from '@lmp/testing';
import { DEVELOPMENT_SNAPSHOT_KEY } from '../src/config';
import { SCHEMA } from '../src/data-access/database';
import { checkReadModel } from '../src/domain/consistency/check-read-model.use-case';
import { rebuildReadModel } from '../src/domain/consistency/rebuild-read-model.use-case';
import type { SnapshotSource } from '../src/infrastructure/licences-snapshot/licences-snapshot.client';
import { startHarness, waitUntil, type Harness } from './support/reporting-harness';

const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

/** The licences API as an operator, the way the gateway calls it (a token for lmp-licences). */
const licencesClient = (url: string, identity: Identity) =>
  new JsonApiClient(url, () => identityHeaders(identity, { audience: identityAudience('licences') }));

/** The read-model command as an operator runs it: its JSON report and exit code. */
async function readModelCommand(command: string, env: Record<string, string>) {
  const outcome = await run('npm', ['run', '-s', 'read-model', '-w', '@lmp/reporting', '--', command], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => {
      if (typeof error.code !== 'number' || !error.stdout) throw error;
      return { code: error.code, stdout: error.stdout };
    },
  );
  return { code: outcome.code, report: JSON.parse(outcome.stdout) as Record<string, unknown> };
}

describe('the read model against the licences snapshot', () => {
  let h: Harness;
  let licencesDatabase: TestDatabase;
  let licences: ServiceProcess;
  let observer: Bus;
  let source: SnapshotSource;
  let db: Db;
  const seen: AnyEnvelope[] = [];
  const registered: Licence[] = [];
  const operators: JsonApiClient[] = [];

  beforeAll(async () => {
    h = await startHarness();
    licencesDatabase = await createTestDatabase({ services: ['licences'] });
    // The same vhost as reporting: what licences publishes is what reporting consumes.
    licences = await startServiceProcess({
      workspace: 'services/licences',
      env: {
        DATABASE_URL: licencesDatabase.urlFor('licences'),
        RABBITMQ_URL: h.vhost.url,
        OUTBOX_POLL_INTERVAL_MS: '200',
        DATABASE_POOL_SIZE: '4',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    });
    source = { url: licences.url, key: DEVELOPMENT_SNAPSHOT_KEY };
    db = createPool({
      url: h.database.urlFor('reporting'),
      max: 2,
      schema: SCHEMA,
      service: 'reporting-test',
      logger: createLogger({ name: 'test-consistency', level: 'silent' }),
    });
    observer = await connectBus({
      url: h.vhost.url,
      connectionName: 'test-consistency-observer',
      logger: createLogger({ name: 'test-consistency-observer', level: 'silent' }),
    });
    // Every licence and company event licences publishes, to redeliver some of them later.
    await observer.consume({
      queue: `test.consistency.${randomUUID().slice(0, 8)}`,
      eventTypes: [
        'CompanyRegistered',
        'CompanyUpdated',
        'LicenceSubmitted',
        'LicenceUpdated',
        'LicenceStatusChanged',
      ],
      handler: async (event) => {
        seen.push(event);
      },
    });

    // Two companies, six licences, some decided or moved on after registration.
    for (const sector of ['automotive', 'energy'] as const) {
      const operator = licencesClient(licences.url, anIdentity({ role: 'operator' }));
      operators.push(operator);
      const company = await operator.put<Company>(
        '/me/company',
        aCompany({ sector, memberState: sector === 'energy' ? 'FR' : 'DE' }),
      );
      if (company.status !== 201) throw new Error(JSON.stringify(company.body));
      for (const overrides of [
        {},
        { status: 'granted', decisionDate: '2025-07-01', urgent: true, urgencyReason: 'Line stops' },
        {
          licenceType: 'general',
          validFrom: '2025-12-01',
          validTo: '2026-11-30',
          valueEur: null,
          elements: ['samarium'],
        },
      ]) {
        const created = await operator.post<Licence>('/licences', aLicence({ ...overrides, sector }));
        if (created.status !== 201) throw new Error(JSON.stringify(created.body));
        registered.push(created.body);
      }
      const [first, , third] = registered.slice(-3) as [Licence, Licence, Licence];
      for (const patch of [
        [first.id, { status: 'processing' }],
        [first.id, { status: 'refused', decisionDate: '2025-08-15' }],
        [third.id, { customsStatus: 'cleared', exporter: { name: 'Ningbo Yunsheng Co., Ltd.' } }],
      ] as const) {
        const patched = await operator.patch<Licence>(`/licences/${patch[0]}`, patch[1]);
        if (patched.status !== 200) throw new Error(JSON.stringify(patched.body));
        registered[registered.findIndex((l) => l.id === patched.body.id)] = patched.body;
      }
    }
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await observer?.close();
    await licences?.stop();
    await h?.stop();
    await licencesDatabase?.drop();
  });

  it('finds no difference after a mixed stream, exactly the one corrupted, and none after a rebuild', async () => {
    // Arrange: a licence transmitted twice (the second batch delivered twice), and licences'
    // own events redelivered (same ids) and replayed out of order (new ids, older versions).
    const transmitted = registered[1]!;
    const transmission = (batchId: string, transmittedAt: string) =>
      newEvent(
        'LicenceTransmitted',
        { licenceId: transmitted.id, licenceNumber: transmitted.licenceNumber, batchId, transmittedAt },
        { correlationId: batchId, actor: { type: 'system', id: 'transmissions' } },
      );
    const secondBatch = randomUUID();
    const direct = [
      transmission(randomUUID(), '2025-11-03T08:00:00.000Z'),
      transmission(secondBatch, '2025-11-17T08:00:00.000Z'),
      transmission(secondBatch, '2025-11-17T08:00:00.000Z'),
    ];
    await waitUntil(async () => seen.length >= 6 * 2 + 2, 'the registration events');
    const older = seen.filter((e) => e.type !== 'LicenceTransmitted').slice(0, 8);
    const replayed = [...older].reverse().map((e) => ({ ...e, id: randomUUID() }) as AnyEnvelope);
    await h.publish([...direct, ...older, ...replayed]);

    // Wait until licences counted the transmissions and reporting applied every event.
    const operatorView = licencesClient(
      licences.url,
      anIdentity({ role: 'commission', email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu` }),
    );
    await waitUntil(
      async () =>
        (await operatorView.get<Licence>(`/licences/${transmitted.id}`)).body?.transmissions?.count === 2,
      'licences to count two transmissions',
    );
    const versions = new Map(registered.map((l) => [l.id, l.version]));
    await waitUntil(async () => {
      const rows = await h.sql<{ id: string; version: number; transmission_count: number }>(
        'SELECT id::text, version, transmission_count FROM licences WHERE submitted',
      );
      const ids = [...new Set([...seen, ...direct, ...replayed].map((e) => e.id))];
      const [{ n }] = (await h.sql<{ n: number }>(
        'SELECT count(DISTINCT event_id)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])',
        [ids],
      )) as [{ n: number }];
      return (
        n === ids.length &&
        rows.length === versions.size &&
        rows.every((r) => versions.get(r.id) === r.version) &&
        rows.find((r) => r.id === transmitted.id)?.transmission_count === 2
      );
    }, 'reporting to apply every event');

    // Act and Assert: the stream converged on the source of truth.
    const clean = await checkReadModel({ db: db, source });
    expect(clean).toMatchObject({
      consistent: true,
      counts: { missing: 0, extra: 0, different: 0 },
      checked: { companies: 2, licences: 6 },
    });

    // A corrupted row is reported, and only it.
    const corrupted = registered[4]!;
    await h.sql("UPDATE licences SET status = 'refused' WHERE id = $1", [corrupted.id]);
    const { code, report } = await readModelCommand('check', {
      DATABASE_URL: h.database.urlFor('reporting'),
      LICENCES_SNAPSHOT_URL: licences.url,
    });
    expect(code).toBe(1);
    expect(report).toMatchObject({
      consistent: false,
      counts: { missing: 0, extra: 0, different: 1 },
      missing: [],
      extra: [],
      different: [
        { kind: 'licence', id: corrupted.id, field: 'status', expected: corrupted.status, actual: 'refused' },
      ],
    });

    // A missing company, a missing licence and a row licences never had are reported too.
    const extraId = randomUUID();
    await h.sql('DELETE FROM licences WHERE id = $1', [registered[0]!.id]);
    await h.sql('DELETE FROM companies WHERE id = $1', [registered[3]!.companyId]);
    await h.sql('INSERT INTO licences (id, submitted) VALUES ($1, true)', [extraId]);
    const broken = await checkReadModel({ db: db, source, limit: 1 });
    expect(broken.counts).toEqual({ missing: 2, extra: 1, different: 1 });
    expect(broken.missing).toHaveLength(1);
    expect(broken.extra).toEqual([{ kind: 'licence', id: extraId }]);

    // The rebuild restores the source of truth and keeps what only events told.
    const batchesBefore = await h.sql('SELECT * FROM licence_transmissions ORDER BY batch_id');
    const eventFacts = `SELECT id, status_changed_at, first_transmitted_at FROM licences
                         WHERE id <> ALL($1::uuid[]) AND submitted ORDER BY id`;
    const notTouched = [corrupted.id, registered[0]!.id, extraId];
    const eventFactsBefore = await h.sql(eventFacts, [notTouched]);
    const rebuilt = await readModelCommand('rebuild', {
      DATABASE_URL: h.database.urlFor('reporting'),
      LICENCES_SNAPSHOT_URL: licences.url,
    });
    expect(rebuilt).toMatchObject({ code: 0, report: { rebuilt: { companies: 2, licences: 6 } } });
    const after = await readModelCommand('check', {
      DATABASE_URL: h.database.urlFor('reporting'),
      LICENCES_SNAPSHOT_URL: licences.url,
    });
    expect(after).toMatchObject({
      code: 0,
      report: { consistent: true, counts: { missing: 0, extra: 0, different: 0 } },
    });
    expect(await h.sql('SELECT * FROM licence_transmissions ORDER BY batch_id')).toEqual(batchesBefore);
    expect(await h.sql(eventFacts, [notTouched])).toEqual(eventFactsBefore);
    expect(eventFactsBefore).toHaveLength(4);

    // And events after the rebuild still apply: an older replay changes nothing, a new edit does.
    await h.publishAndApply(replayed.map((e) => ({ ...e, id: randomUUID() }) as AnyEnvelope));
    expect((await checkReadModel({ db: db, source })).consistent).toBe(true);
  }, 120_000);

  it('refuses a snapshot without its end line, and a rebuild from it changes nothing', async () => {
    const before = await h.sql('SELECT id FROM licences ORDER BY id');
    // A server that cuts the stream after one line, as a failing licences service would.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(`${JSON.stringify({ ...aCompanyLine(), id: randomUUID() })}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const cut = { url: `http://127.0.0.1:${port}`, key: 'any' };
    try {
      await expect(checkReadModel({ db: db, source: cut })).rejects.toThrow(/cut short/);
      await expect(rebuildReadModel({ db: db, source: cut })).rejects.toThrow(/cut short/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await h.sql('SELECT id FROM licences ORDER BY id')).toEqual(before);
  });
});

function aCompanyLine() {
  const at = new Date().toISOString();
  return { ...aCompany(), createdAt: at, updatedAt: at };
}
