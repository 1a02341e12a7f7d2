import { createHash, randomUUID } from 'node:crypto';
import { withClient } from '@lmp/db';
import { newEvent, type Company, type Licence } from '@lmp/contracts';
import { identityAudience } from '@lmp/auth';
import { anIdentity, identityHeaders, mintIdentityToken } from '@lmp/testing';
import { SNAPSHOT_APPLICATION_NAME } from '../src/data-access/snapshot.repository';
import { aLicence } from './support/builders';
import { aLicenceRow, CSV, toCsv, upload } from './support/import-files';
import { startHarness, waitUntil, type ApiClient, type Harness } from './support/licences-harness';

const KEY = `reporting-test-key-${randomUUID()}`;
const OTHER_KEY = `audit-test-key-${randomUUID()}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const PAGE_SIZE = 100;

type Line = Record<string, unknown> & { id: string };
interface End {
  end: true;
  count: number;
  asOf: string;
}

/** The snapshot as a reader sees it: the rows, the end line, and whether the stream ended with it. */
async function readSnapshot(response: Response): Promise<{ rows: Line[]; end: End }> {
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  const lines = text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const end = lines.pop() as unknown as End;
  expect(end).toEqual({ end: true, count: lines.length, asOf: expect.any(String) });
  return { rows: lines as Line[], end };
}

/** The licence as the API shows it, with its transmissions as the snapshot carries them. */
function asSnapshotLine(licence: Licence): Record<string, unknown> {
  // A single licence's view also summarises its history and open confirmations: not in the snapshot.
  const {
    transmissions,
    history: _history,
    openConfirmations: _open,
    ...rest
  } = licence as Licence & {
    history?: unknown;
    openConfirmations?: unknown;
  };
  return {
    ...rest,
    transmissionCount: transmissions.count,
    lastTransmittedAt: transmissions.dates.at(-1) ?? null,
  };
}

describe('GET /internal/v1/snapshot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      SNAPSHOT_CLIENTS: `reporting:${sha256(KEY)}, audit:${sha256(OTHER_KEY).toUpperCase()}`,
      SNAPSHOT_PAGE_SIZE: String(PAGE_SIZE),
      SNAPSHOT_MAX_CONCURRENT: '1',
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const get = (kind: string, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) =>
    fetch(`${h.url}/internal/v1/snapshot/${kind}`, { headers });
  const snapshot = async (kind: 'companies' | 'licences', query = '') => {
    const response = await get(`${kind}${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    return readSnapshot(response);
  };

  describe('who may read it', () => {
    it.each([
      ['no Authorization', {}],
      ['a key no client has', { authorization: `Bearer ${randomUUID()}` }],
      ['the key without the Bearer scheme', { authorization: KEY }],
      ['the SHA-256 of the key instead of the key', { authorization: `Bearer ${sha256(KEY)}` }],
    ])('answers 401 problem+json to a request with %s', async (_what, headers: Record<string, string>) => {
      const response = await get('licences', headers);

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    });

    it('refuses a user’s identity token, even the Commission’s, as header or as bearer', async () => {
      const commission = anIdentity({
        role: 'commission',
        email: `analyst-${randomUUID().slice(0, 8)}@ec.europa.eu`,
      });
      const forLicences = await identityHeaders(commission);
      const forReporting = await mintIdentityToken(commission, { audience: identityAudience('reporting') });

      const responses = await Promise.all([
        get('licences', forLicences),
        get('companies', forLicences),
        get('licences', { authorization: `Bearer ${Object.values(forLicences)[0]!}` }),
        get('licences', { authorization: `Bearer ${forReporting}` }),
      ]);

      expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    });

    it('lets every configured client in with its own key, the hash given in either case', async () => {
      // One after the other: this service streams one snapshot at a time (SNAPSHOT_MAX_CONCURRENT).
      for (const key of [KEY, OTHER_KEY]) {
        const response = await get('companies', { authorization: `bearer ${key}` });
        expect(response.status).toBe(200);
        await readSnapshot(response);
      }
    });

    it('answers 405 to another method, HEAD without reading, and 401 to an unknown snapshot path', async () => {
      const post = await fetch(`${h.url}/internal/v1/snapshot/licences`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
      });
      const unknown = await get('users', {});
      const head = await fetch(`${h.url}/internal/v1/snapshot/licences`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${KEY}` },
      });
      const headWithoutKey = await fetch(`${h.url}/internal/v1/snapshot/licences`, { method: 'HEAD' });

      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(unknown.status).toBe(401);
      expect([head.status, head.headers.get('content-type')]).toEqual([
        200,
        'application/x-ndjson; charset=utf-8',
      ]);
      expect(headWithoutKey.status).toBe(401);
    });
  });

  describe('what it lists', () => {
    let operators: (ApiClient & { company: Company })[];
    let licences: Licence[];
    beforeAll(async () => {
      operators = [await h.operatorWithCompany(), await h.operatorWithCompany()];
      licences = [];
      for (const [i, operator] of operators.entries()) {
        for (const overrides of [
          {},
          { status: 'granted', decisionDate: '2025-07-01', urgent: true, urgencyReason: 'Line stops' },
          { licenceType: 'general', validFrom: '2025-12-01', validTo: '2026-11-30', valueEur: null },
        ]) {
          const response = await operator.post(
            '/licences',
            aLicence({ ...overrides, sector: i ? 'energy' : 'automotive' }),
          );
          if (response.status !== 201) throw new Error(JSON.stringify(response.body));
          licences.push(response.body as Licence);
        }
      }
      // A transmission moves the count and last date on the row without an edit.
      const transmitted = licences[1]!;
      await h.publish(
        ['2025-11-03T08:00:00.000Z', '2025-11-17T08:00:00.000Z'].map((transmittedAt) =>
          newEvent(
            'LicenceTransmitted',
            {
              licenceId: transmitted.id,
              licenceNumber: transmitted.licenceNumber,
              batchId: randomUUID(),
              transmittedAt,
            },
            { correlationId: 'batch', actor: { type: 'system', id: 'transmissions' } },
          ),
        ),
      );
      await waitUntil(
        async () => (await operators[0]!.get(`/licences/${transmitted.id}`)).body.transmissions.count === 2,
        'two transmissions',
      );
      licences = await Promise.all(
        licences.map(
          async (l, i) => (await operators[Math.floor(i / 3)]!.get(`/licences/${l.id}`)).body as Licence,
        ),
      );
    });

    it('lists every licence once, in id order, as the API shows it with its transmission count and last date', async () => {
      const { rows } = await snapshot('licences');

      const ids = rows.map((r) => r.id);
      expect(ids).toEqual([...new Set(ids)].sort());
      for (const licence of licences) {
        expect(rows.filter((r) => r.id === licence.id)).toEqual([asSnapshotLine(licence)]);
      }
      expect(rows.find((r) => r.id === licences[1]!.id)).toMatchObject({
        transmissionCount: 2,
        lastTransmittedAt: '2025-11-17T08:00:00.000Z',
        companyId: operators[0]!.company.id,
        status: 'granted',
        decisionDate: '2025-07-01',
        urgent: true,
      });
    });

    it('lists every company once, in id order, with the dimensions reporting keeps', async () => {
      const { rows } = await snapshot('companies');

      const ids = rows.map((r) => r.id);
      expect(ids).toEqual([...new Set(ids)].sort());
      for (const { company } of operators) {
        expect(rows.filter((r) => r.id === company.id)).toEqual([
          {
            id: company.id,
            name: company.name,
            eori: company.eori,
            country: company.country,
            memberState: company.memberState,
            sme: company.sme,
            sector: company.sector,
            createdAt: company.createdAt,
            updatedAt: company.updatedAt,
          },
        ]);
      }
    });

    it('lists only what changed since an instant with ?since=', async () => {
      const { end: before } = await snapshot('licences');
      const edited = licences[0]!;
      const patched = await operators[0]!.patch(`/licences/${edited.id}`, { status: 'processing' });
      expect(patched.status).toBe(200);

      const { rows, end } = await snapshot('licences', `?since=${encodeURIComponent(before.asOf)}`);
      const companies = await snapshot('companies', `?since=${encodeURIComponent(before.asOf)}`);

      expect(rows).toEqual([asSnapshotLine(patched.body as Licence)]);
      expect(end.count).toBe(1);
      expect(companies.rows).toEqual([]);
    });

    it.each([['?since=yesterday'], ['?since=2025-01-01'], ['?limit=10']])(
      'answers 422 problem+json to %s',
      async (query) => {
        const response = await get(`licences${query}`);

        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(await response.json()).toMatchObject({ code: 'VALIDATION.FAILED' });
      },
    );
  });

  describe('with 5,000 licences', () => {
    let operator: ApiClient & { company: Company };
    let imported: string[];
    const missingFrom = (ids: string[]) => {
      const listed = new Set(ids);
      return imported.filter((id) => !listed.has(id));
    };
    const openSnapshots = () =>
      withClient(h.database.adminUrl, async (client) => {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND application_name = $2 AND xact_start IS NOT NULL`,
          [h.database.database, SNAPSHOT_APPLICATION_NAME],
        );
        return rows[0]!.n;
      });

    beforeAll(async () => {
      operator = await h.operatorWithCompany();
      imported = [];
      // Long texts make the stream (about 7 MB) much larger than what socket buffers hold, so a
      // reader that pauses really pauses the server mid-stream.
      const reason = 'Production line stops without it. '.repeat(20);
      for (let file = 0; file < 2; file += 1) {
        const rows = Array.from({ length: 2500 }, () => aLicenceRow({ urgent: true, urgencyReason: reason }));
        const response = await upload(h.url, operator, toCsv(rows), CSV);
        if (response.status !== 201 && response.status !== 200) throw new Error(response.text.slice(0, 500));
        imported.push(...(response.body.rows as { id: string }[]).map((r) => r.id));
      }
      expect(imported).toHaveLength(5000);
    }, 120_000);

    it('streams every one exactly once, in id order, read in pages', async () => {
      const { rows, end } = await snapshot('licences');

      const ids = rows.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort());
      expect(missingFrom(ids)).toEqual([]);
      expect(end.count).toBeGreaterThanOrEqual(50 * PAGE_SIZE); // 50 pages and more
      expect(await openSnapshots()).toBe(0);
    });

    it('keeps one consistent snapshot on one connection while licences are written mid-stream', async () => {
      const response = await get('licences');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes('\n')) text += decoder.decode((await reader.read()).value, { stream: true });
      const firstIds = text
        .split('\n')
        .slice(0, -1)
        .map((line) => (JSON.parse(line) as Line).id);
      // Paused: the server holds its snapshot transaction on exactly one connection.
      expect(await waitUntil(async () => (await openSnapshots()) === 1, 'the open snapshot')).toBe(true);

      const busy = await get('companies');
      const created = await operator.post('/licences', aLicence());
      const laterInOrder = [...imported].sort().filter((id) => id > firstIds.at(-1)!);
      const edited = laterInOrder[laterInOrder.length - 1]!;
      const before = (await operator.get(`/licences/${edited}`)).body as Licence;
      const patched = await operator.patch(`/licences/${edited}`, {
        status: 'refused',
        decisionDate: '2025-08-01',
      });
      expect(patched.status).toBe(200);

      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const { rows } = await readSnapshot(new Response(text));

      expect(busy.status).toBe(429);
      expect(busy.headers.get('retry-after')).toBe('5');
      expect(rows.map((r) => r.id)).not.toContain(created.body.id);
      expect(rows.filter((r) => r.id === edited)).toEqual([asSnapshotLine(before)]);
      expect(missingFrom(rows.map((r) => r.id))).toEqual([]);
      expect(await openSnapshots()).toBe(0);
      // The next snapshot has both writes.
      const next = await snapshot('licences');
      expect(next.rows.find((r) => r.id === created.body.id)).toEqual(
        asSnapshotLine(created.body as Licence),
      );
      expect(next.rows.find((r) => r.id === edited)).toMatchObject({
        status: 'refused',
        version: before.version + 1,
      });
    });

    it('cuts the stream without its end line when the database fails mid-stream', async () => {
      const response = await get('licences');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value, { stream: true });
      await waitUntil(async () => (await openSnapshots()) === 1, 'the open snapshot');

      await withClient(h.database.adminUrl, (client) =>
        client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
          [h.database.database, SNAPSHOT_APPLICATION_NAME],
        ),
      );
      const cut = await (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return false;
            text += decoder.decode(value, { stream: true });
          }
        } catch {
          return true;
        }
      })();

      expect(cut).toBe(true);
      expect(text).not.toContain('"end":true');
      // The broken connection is not reused: the next snapshot is whole.
      const next = await snapshot('licences');
      expect(missingFrom(next.rows.map((r) => r.id))).toEqual([]);
    });

    it('gives its connection back when the reader goes away mid-stream', async () => {
      const controller = new AbortController();
      const response = await fetch(`${h.url}/internal/v1/snapshot/licences`, {
        headers: { authorization: `Bearer ${KEY}` },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      await waitUntil(async () => (await openSnapshots()) === 1, 'the open snapshot');

      controller.abort();

      await waitUntil(async () => (await openSnapshots()) === 0, 'the snapshot transaction to end');
      // And the service goes on serving snapshots (the concurrency slot was given back too).
      await snapshot('companies');
    });
  });
});
