import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { appendToOutbox } from '@lmp/bus';
import { newEvent, type AnyEnvelope } from '@lmp/contracts';
import { AppError, defineProblemTypes } from '@lmp/errors';
import {
  createTestDatabase,
  createTestVhost,
  freePort,
  waitUntil,
  type TestDatabase,
  type TestVhost,
} from '@lmp/testing';
import { startService, withTransaction, type RunningService, type StorageContext } from '../src';

// A service's own error table, as a service declares it.
const kitTestProblemTypes = defineProblemTypes({
  'KIT.TEAPOT': { status: 418, slug: 'teapot', title: 'A teapot' },
});
declare module '@lmp/errors' {
  interface ServiceErrorCodes extends Record<keyof typeof kitTestProblemTypes, true> {}
}

const meta = { correlationId: 'kit-test', actor: { type: 'system' as const, id: 'kit-test' } };

/** A service with storage declared with the kit: one route writes an event, one consumer receives it. */
function declare(database: TestDatabase, vhost: TestVhost, received: AnyEnvelope[], extra: object = {}) {
  let context: StorageContext | undefined;
  const start = startService({
    name: 'kit-test',
    config: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: 0,
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: 2000,
      DATABASE_URL: database.urlFor('licences'),
      DATABASE_POOL_SIZE: 2,
      RABBITMQ_URL: vhost.url,
      OUTBOX_POLL_INTERVAL_MS: 60_000, // only the after-commit notify can deliver in time
      ...extra,
    },
    storage: { schema: 'licences' },
    consumers: async ({ bus }) =>
      bus.consume({
        queue: 'kit-test.companies',
        eventTypes: ['CompanyRegistered'],
        handler: async (envelope) => {
          received.push(envelope);
        },
      }),
    http: (ctx) => {
      context = ctx;
      const routes = Router();
      routes.post('/companies/:id', async (req, res) => {
        const event = newEvent(
          'CompanyRegistered',
          {
            companyId: req.params.id,
            name: 'Magnets GmbH',
            eori: `DE${Date.now()}`,
            country: 'DE',
            memberState: 'DE',
            sme: true,
            sector: 'automotive',
          },
          meta,
        );
        await withTransaction(ctx.db, (tx) =>
          appendToOutbox(tx, [event], { schema: 'licences', notify: false }),
        );
        ctx.outbox.written();
        res.status(201).json({ eventId: event.id });
      });
      routes.get('/teapot', () => {
        throw new AppError('KIT.TEAPOT', 'I am a teapot');
      });
      routes.get('/bug', () => {
        throw new Error('secret detail');
      });
      return { routes, problemTypes: kitTestProblemTypes };
    },
  });
  return { start, context: () => context! };
}

describe('startService', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;
  let context: () => StorageContext;
  const received: AnyEnvelope[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    vhost = await createTestVhost();
    const declared = declare(database, vhost, received);
    service = await declared.start;
    context = declared.context;
  });
  afterAll(async () => {
    await service.stop();
    await vhost.drop();
    await database.drop();
  });

  it('answers /healthz, and /readyz naming the database and the broker', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', broker: 'up' } });
  });

  it('publishes an event written through the outbox and delivers it to the declared consumer', async () => {
    const response = await fetch(`${service.url}/companies/${randomUUID()}`, { method: 'POST' });
    expect(response.status).toBe(201);
    const { eventId } = (await response.json()) as { eventId: string };

    const delivered = await waitUntil(() => received.find((e) => e.id === eventId), 'the event delivered');

    expect(delivered.type).toBe('CompanyRegistered');
  });

  it("answers the service's own error codes with the status its table gives", async () => {
    const response = await fetch(`${service.url}/teapot`);
    expect(response.status).toBe(418);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'KIT.TEAPOT', detail: 'I am a teapot' });
  });

  it('answers an unexpected error with a 500 problem that does not leak its message', async () => {
    const response = await fetch(`${service.url}/bug`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');
  });

  it('answers an unknown path with a 404 problem', async () => {
    const response = await fetch(`${service.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'HTTP.NOT_FOUND' });
  });

  it('serves metrics on a port of its own without being told (PORT 0: any free port), never on the API port', async () => {
    await fetch(`${service.url}/teapot`);

    const metrics = await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`);
    const onApiPort = await fetch(`${service.url}/metrics`);

    expect(service.metricsPort).toEqual(expect.any(Number));
    expect(service.metricsPort).not.toBe(service.port);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/teapot"/);
    expect(onApiPort.status).toBe(404);
    expect(onApiPort.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('stops once however often it is asked: HTTP closed, pool ended', async () => {
    const other = declare(database, vhost, []);
    const running = await other.start;

    await Promise.all([running.stop(), running.stop()]);

    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    await expect(other.context().db.query('SELECT 1')).rejects.toThrow(/ended|end/i);
    // The other service's pool and server are its own: they keep working.
    expect((await context().db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});

describe('startService with METRICS_PORT', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: RunningService;
  let metricsPort: number;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    vhost = await createTestVhost();
    metricsPort = await freePort();
    service = await declare(database, vhost, [], { METRICS_PORT: metricsPort }).start;
  });
  afterAll(async () => {
    await service.stop();
    await vhost.drop();
    await database.drop();
  });

  it('serves metrics on the port it was given and not on the API port', async () => {
    expect(service.metricsPort).toBe(metricsPort);
    const metrics = await fetch(`http://127.0.0.1:${service.metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu_seconds_total');
    expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
  });
});

describe('startService lifecycle hooks', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    vhost = await createTestVhost();
  });
  afterAll(async () => {
    await vhost.drop();
    await database.drop();
  });

  it('runs prepare before the consumers and HTTP, starts jobs last and stops them first', async () => {
    const steps: string[] = [];
    const service = await startService({
      name: 'kit-hooks',
      config: {
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: 0,
        LOG_LEVEL: 'silent',
        SHUTDOWN_TIMEOUT_MS: 2000,
        DATABASE_URL: database.urlFor('licences'),
        DATABASE_POOL_SIZE: 2,
        RABBITMQ_URL: vhost.url,
        OUTBOX_POLL_INTERVAL_MS: 1000,
      },
      storage: { schema: 'licences' },
      prepare: async ({ db }) => {
        steps.push(`prepare (database answers ${(await db.query('SELECT 1 AS one')).rows[0].one})`);
      },
      consumers: async () => {
        steps.push('consumers');
      },
      http: () => {
        steps.push('http');
        return { routes: Router() };
      },
      jobs: async () => {
        steps.push('jobs');
        return { stop: () => void steps.push('jobs stopped') };
      },
      onStop: () => void steps.push('onStop'),
    });

    await service.stop();

    expect(steps).toEqual([
      'prepare (database answers 1)',
      'consumers',
      'http',
      'jobs',
      'jobs stopped',
      'onStop',
    ]);
  });
});
