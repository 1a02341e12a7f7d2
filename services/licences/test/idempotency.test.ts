import type { Db } from '@lmp/service';
import { identityHeaders } from '@lmp/testing';
import { purgeExpiredIdempotencyKeys } from '../src/domain/idempotency/idempotency-keys';
import { aLicence } from './support/builders';
import { aLicenceRow, CSV, toCsv, type FileRow } from './support/import-files';
import { startHarness, type ApiClient, type ApiResponse, type Harness } from './support/licences-harness';

/** The same JSON value with every object's keys in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe('Idempotency-Key', () => {
  let h: Harness;
  let db: Db;
  beforeAll(async () => {
    h = await startHarness();
    db = h.db;
  });
  afterAll(async () => {
    await h.stop();
  });

  const count = async (sql: string, params: unknown[]) => Number((await db.query(sql, params)).rows[0].count);
  const licencesOf = (companyId: string) =>
    count('SELECT count(*) FROM licences WHERE company_id = $1', [companyId]);
  const eventsOf = (companyId: string) =>
    count(
      "SELECT count(*) FROM outbox_events WHERE type = 'LicenceSubmitted' AND payload->'data'->>'companyId' = $1",
      [companyId],
    );
  const keysOf = (client: ApiClient) =>
    count('SELECT count(*) FROM idempotency_keys k JOIN users u ON u.id = k.user_id WHERE u.subject = $1', [
      client.identity.subject,
    ]);
  const numberExists = (licenceNumber: string) =>
    count('SELECT count(*) FROM licences WHERE licence_number = $1', [licenceNumber]);

  describe('POST /licences', () => {
    it('replays the first licence to a retry whose body has its keys in another order and other spacing', async () => {
      const operator = await h.operatorWithCompany();
      const input = aLicence({
        exporter: { name: 'Baotou Rare Earth Ltd.', creditCode: '91150200MA0N3X0D1K' },
      });
      const first = await operator.post('/licences', input, { 'idempotency-key': 'reordered' });

      const retry = await operator.post('/licences', JSON.stringify(reversedKeys(input), null, 3), {
        'content-type': 'application/json',
        'idempotency-key': 'reordered',
      });

      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await licencesOf(operator.company.id)).toBe(1);
    });

    it('treats a field left to its default and the same field sent with the default as one request', async () => {
      const operator = await h.operatorWithCompany();
      const { urgent, status, customsStatus, ...withoutDefaults } = aLicence();
      expect([urgent, status, customsStatus]).toEqual([false, 'pending', 'not_started']);
      const first = await operator.post('/licences', withoutDefaults, { 'idempotency-key': 'defaults' });

      const retry = await operator.post(
        '/licences',
        { ...withoutDefaults, urgent, status, customsStatus },
        { 'idempotency-key': 'defaults' },
      );

      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
    });

    it('refuses the same key with another body with 422 and writes nothing', async () => {
      const operator = await h.operatorWithCompany();
      await operator.post('/licences', aLicence(), { 'idempotency-key': 'other-body' });
      const other = aLicence();

      const response = await operator.post('/licences', other, { 'idempotency-key': 'other-body' });

      expect(response.status).toBe(422);
      expect(response.body.type).toMatch(/idempotency-key-reused$/);
      expect(await numberExists(other.licenceNumber)).toBe(0);
      expect(await licencesOf(operator.company.id)).toBe(1);
      expect(await keysOf(operator)).toBe(1);
    });

    it('answers a deeply nested body with a key with a 4xx problem, and stores nothing', async () => {
      const operator = await h.operatorWithCompany();
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const bodies = [deep, `{"licenceNumber":"CN-2025-DEEP","exporter":${deep}}`];

      const responses = await Promise.all(
        bodies.map((body) =>
          operator.post('/licences', body, { 'content-type': 'application/json', 'idempotency-key': 'deep' }),
        ),
      );

      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(await keysOf(operator)).toBe(0);
    });

    it('keeps a key first sent with an invalid body free: the refusal is not stored', async () => {
      const operator = await h.operatorWithCompany();
      const invalid = await operator.post('/licences', aLicence({ quantityKg: -1 }), {
        'idempotency-key': 'invalid-first',
      });

      const valid = await operator.post('/licences', aLicence(), { 'idempotency-key': 'invalid-first' });

      expect(invalid.status).toBe(422);
      expect(valid.status).toBe(201);
      expect(valid.headers.get('idempotent-replayed')).toBeNull();
    });

    it('replays the first response as it was after the licence changed; a GET shows the change', async () => {
      const operator = await h.operatorWithCompany();
      const input = aLicence();
      const first = await operator.post('/licences', input, { 'idempotency-key': 'then-changed' });
      const patched = await operator.patch(
        `/licences/${first.body.id}`,
        { status: 'processing' },
        { 'if-match': first.headers.get('etag')! },
      );
      expect(patched.status).toBe(200);

      const retry = await operator.post('/licences', input, { 'idempotency-key': 'then-changed' });

      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.body.status).toBe('pending');
      expect((await operator.get(`/licences/${first.body.id}`)).body.status).toBe('processing');
    });
  });

  describe('retention', () => {
    it('forgets a key after 24 hours: the same key then registers a new licence', async () => {
      const operator = await h.operatorWithCompany();
      const first = await operator.post('/licences', aLicence(), { 'idempotency-key': 'yesterday' });
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours'
          WHERE user_id = (SELECT id FROM users WHERE subject = $1)`,
        [operator.identity.subject],
      );

      const next = await operator.post('/licences', aLicence(), { 'idempotency-key': 'yesterday' });

      expect(next.status).toBe(201);
      expect(next.headers.get('idempotent-replayed')).toBeNull();
      expect(next.body.id).not.toBe(first.body.id);
      expect(await keysOf(operator)).toBe(1);
    });

    it("sweeps every user's expired keys and keeps the recent ones", async () => {
      const [old, recent] = [await h.operatorWithCompany(), await h.operatorWithCompany()];
      await old.post('/licences', aLicence(), { 'idempotency-key': 'old' });
      await recent.post('/licences', aLicence(), { 'idempotency-key': 'recent' });
      await db.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours'
          WHERE user_id = (SELECT id FROM users WHERE subject = $1)`,
        [old.identity.subject],
      );

      expect(await purgeExpiredIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);

      expect([await keysOf(old), await keysOf(recent)]).toEqual([0, 1]);
    });
  });

  describe('POST /licences/import', () => {
    const upload = async (
      client: ApiClient,
      body: string,
      headers: Record<string, string> = {},
      query = '',
    ): Promise<ApiResponse> => {
      const response = await fetch(`${h.url}/api/v1/licences/import${query}`, {
        method: 'POST',
        headers: { ...(await identityHeaders(client.identity)), 'content-type': CSV, ...headers },
        body,
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : undefined,
        text,
      };
    };
    const aFile = (rows: number, overrides: FileRow = {}) =>
      toCsv(Array.from({ length: rows }, () => aLicenceRow(overrides)));

    it('replays the first report to a retry with the same key and file, importing nothing again', async () => {
      const operator = await h.operatorWithCompany();
      const file = aFile(3);
      const first = await upload(operator, file, { 'idempotency-key': 'import-1' });
      expect(first.status).toBe(200);
      expect(first.body.created).toBe(3);

      const retry = await upload(operator, file, { 'idempotency-key': 'import-1' });

      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await licencesOf(operator.company.id)).toBe(3);
      expect(await eventsOf(operator.company.id)).toBe(3);
    });

    it('refuses the same key with another file with 422, importing nothing', async () => {
      const operator = await h.operatorWithCompany();
      const file = aFile(2);
      await upload(operator, file, { 'idempotency-key': 'import-2' });
      const another = aLicenceRow();

      const otherFile = await upload(operator, toCsv([another]), { 'idempotency-key': 'import-2' });

      expect(otherFile.status).toBe(422);
      expect(otherFile.body.type).toMatch(/idempotency-key-reused$/);
      expect(await numberExists(String(another.licenceNumber))).toBe(0);
      expect(await licencesOf(operator.company.id)).toBe(2);
    });

    it('imports once when two requests with the same key arrive together', async () => {
      const operator = await h.operatorWithCompany();
      const file = aFile(250);

      const responses = await Promise.all([
        upload(operator, file, { 'idempotency-key': 'together' }),
        upload(operator, file, { 'idempotency-key': 'together' }),
      ]);

      const done = responses.filter((r) => r.status === 200);
      expect(done.length).toBeGreaterThanOrEqual(1);
      // The other one is either a replay of the same report or told that the import is running.
      for (const r of done) expect(r.body).toMatchObject({ created: 250, failed: 0 });
      for (const r of responses.filter((r) => r.status !== 200)) {
        expect(r.status).toBe(409);
        expect(r.headers.get('retry-after')).toBeTruthy();
      }
      expect(await licencesOf(operator.company.id)).toBe(250);
      expect(await eventsOf(operator.company.id)).toBe(250);
    });

    it('does not keep a dry run: it checks afresh each time and leaves the key to the real import', async () => {
      const operator = await h.operatorWithCompany();
      const file = aFile(2);
      const dryRun = await upload(operator, file, { 'idempotency-key': 'dry-then-real' }, '?dryRun=true');
      expect(dryRun.body).toMatchObject({ dryRun: true, valid: 2 });
      expect(await keysOf(operator)).toBe(0);

      const real = await upload(operator, file, { 'idempotency-key': 'dry-then-real' });
      const retry = await upload(operator, file, { 'idempotency-key': 'dry-then-real' });

      expect(real.status).toBe(200);
      expect(real.headers.get('idempotent-replayed')).toBeNull();
      expect(real.body).toMatchObject({ dryRun: false, created: 2 });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(real.body);
    });

    it('answers 409 while an import with the key is running, and re-runs one interrupted long ago without duplicating', async () => {
      const operator = await h.operatorWithCompany();
      const file = aFile(3);
      await upload(operator, file, { 'idempotency-key': 'interrupted' });
      // As if the process died after writing the rows and before storing the report.
      const interrupt = (age: string) =>
        db.query(
          `UPDATE idempotency_keys SET state = 'running', response_status = NULL, response_body = NULL,
                  created_at = now() - $3::interval
            WHERE user_id = (SELECT id FROM users WHERE subject = $1) AND key = $2`,
          [operator.identity.subject, 'interrupted', age],
        );

      await interrupt('1 second');
      const whileRunning = await upload(operator, file, { 'idempotency-key': 'interrupted' });
      await interrupt('1 hour');
      const afterCrash = await upload(operator, file, { 'idempotency-key': 'interrupted' });
      const retry = await upload(operator, file, { 'idempotency-key': 'interrupted' });

      expect(whileRunning.status).toBe(409);
      expect(afterCrash.status).toBe(200);
      expect(afterCrash.headers.get('idempotent-replayed')).toBeNull();
      expect(afterCrash.body).toMatchObject({ created: 0, failed: 3 });
      expect(afterCrash.body.rows[0].errors).toEqual([
        { field: 'licenceNumber', message: 'is already registered by your company' },
      ]);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(afterCrash.body);
      expect(await licencesOf(operator.company.id)).toBe(3);
      expect(await eventsOf(operator.company.id)).toBe(3);
    });
  });
});
