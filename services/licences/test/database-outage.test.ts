import pg from 'pg';
import { startHarness, waitUntil, type Harness } from './support/licences-harness';

describe('when the database goes away', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await setConnections(true);
    await h.stop();
  });

  /** Like a database restart: every connection dropped, new ones refused until it is back. */
  async function setConnections(allowed: boolean) {
    const admin = new pg.Client({ connectionString: h.database.adminUrl });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${h.database.database}" ALLOW_CONNECTIONS ${allowed}`);
      if (!allowed) {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
          h.database.database,
        ]);
      }
    } finally {
      await admin.end();
    }
  }

  it('answers 503 with Retry-After instead of a 500, reports not ready, and recovers when it is back', async () => {
    const operator = await h.operatorWithCompany();
    expect((await operator.get('/licences')).status).toBe(200);

    await setConnections(false);
    const during = await operator.get('/licences');
    const ready = await fetch(`${h.url}/readyz`);

    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(during.headers.get('content-type')).toContain('application/problem+json');
    expect(ready.status).toBe(503);

    await setConnections(true);
    await waitUntil(async () => (await operator.get('/licences')).status === 200, 'the service to recover');
  });
});
