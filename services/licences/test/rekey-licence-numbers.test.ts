import { randomInt } from 'node:crypto';
import { LICENCE_NUMBER_KEY_VERSION } from '@lmp/contracts';
import { createLogger } from '@lmp/logger';
import type { Db } from '@lmp/service';
import { rekeyLicenceNumbers } from '../src/domain/licence/rekey-licence-numbers.use-case';
import { aLicence } from './support/builders';
import { ApiClient, startHarness, type Harness } from './support/licences-harness';
import { startLicencesForTests } from './support/start-for-tests';

/** Rule 1, as keys were stored before version 2: NFKC, upper case, without spaces and dashes. */
const ruleOneKey = (typed: string) =>
  typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\p{Pd}]+/gu, '');

const aSerial = () => String(randomInt(10_000_000, 99_999_999));

describe(rekeyLicenceNumbers.name, () => {
  let h: Harness;
  let db: Db;
  beforeAll(async () => {
    h = await startHarness();
    db = h.db;
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A licence stored as the service stored it under rule 1: number as typed, rule-1 key, version 1. */
  async function storedUnderRuleOne(typed: string, submittedAt: string): Promise<string> {
    const operator = await h.operatorWithCompany();
    const created = await operator.post('/licences', aLicence());
    expect(created.status).toBe(201);
    await db.query(
      `UPDATE licences SET licence_number = $2, number_normalised = $3, number_key_version = 1, submitted_at = $4
        WHERE id = $1`,
      [created.body.id, typed, ruleOneKey(typed), submittedAt],
    );
    return created.body.id as string;
  }

  const keysOf = async (ids: string[]) =>
    (
      await db.query<{ id: string; number_normalised: string; number_key_version: number }>(
        'SELECT id, number_normalised, number_key_version FROM licences WHERE id = ANY($1::uuid[])',
        [ids],
      )
    ).rows.reduce<Record<string, [string, number]>>(
      (all, r) => ({ ...all, [r.id]: [r.number_normalised, r.number_key_version] }),
      {},
    );
  const collisionsOf = async (ids: string[]) =>
    (
      await db.query(
        `SELECT licence_id, other_licence_id, key, key_version, found_at FROM licence_number_collisions
          WHERE licence_id = ANY($1::uuid[]) ORDER BY found_at, licence_id`,
        [ids],
      )
    ).rows;

  function capturingLogger() {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger(
      { name: 'licences', level: 'warn' },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    return { logger, lines };
  }

  it('recomputes older keys, keeps one of two colliding numbers on its older key and reports the pair', async () => {
    const [s, t, u, v] = [aSerial(), aSerial(), aSerial(), aSerial()];
    const first = await storedUnderRuleOne(`CN-2025-${s}-X`, '2025-01-01T10:00:00Z');
    const later = await storedUnderRuleOne(`CN/2025/${s}/X`, '2025-01-02T10:00:00Z');
    const dotted = await storedUnderRuleOne(`cn.2025.${t}.y`, '2025-01-03T10:00:00Z');
    const cyrillic = await storedUnderRuleOne(`\u0421N-2025-${u}`, '2025-01-04T10:00:00Z');
    const neitherFirst = await storedUnderRuleOne(`CN_2025_${v}`, '2025-01-05T10:00:00Z');
    const neitherLater = await storedUnderRuleOne(`CN\u200B2025\u00AD${v}`, '2025-01-06T10:00:00Z');
    const ids = [first, later, dotted, cyrillic, neitherFirst, neitherLater];
    const { logger, lines } = capturingLogger();

    const report = await rekeyLicenceNumbers({ db, logger, batchSize: 2 });

    const v2 = LICENCE_NUMBER_KEY_VERSION;
    expect(await keysOf(ids)).toEqual({
      [first]: [`CN2025${s}X`, v2],
      [later]: [`CN/2025/${s}/X`, 1],
      [dotted]: [`CN2025${t}Y`, v2],
      [cyrillic]: [`CN2025${u}`, v2],
      [neitherFirst]: [`CN2025${v}`, v2],
      [neitherLater]: [ruleOneKey(`CN\u200B2025\u00AD${v}`), 1],
    });
    const expected = [
      { licenceId: later, otherLicenceId: first, key: `CN2025${s}X` },
      { licenceId: neitherLater, otherLicenceId: neitherFirst, key: `CN2025${v}` },
    ];
    expect(report.collisions).toEqual(expected);
    expect(await collisionsOf(ids)).toEqual(
      expected.map((c) => ({
        licence_id: c.licenceId,
        other_licence_id: c.otherLicenceId,
        key: c.key,
        key_version: v2,
        found_at: expect.any(Date),
      })),
    );
    expect(lines.filter((l) => l.level === 40)).toEqual(
      expected.map((c) => expect.objectContaining({ ...c, keyVersion: v2 })),
    );

    // Again, as at the next start: nothing changes, the pairs are reported again, not recorded twice.
    const [storedKeys, storedCollisions] = [await keysOf(ids), await collisionsOf(ids)];
    const again = await rekeyLicenceNumbers({ db, logger, batchSize: 2 });

    expect(again).toEqual({ checked: 2, rekeyed: 0, collisions: expected });
    expect(await keysOf(ids)).toEqual(storedKeys);
    expect(await collisionsOf(ids)).toEqual(storedCollisions);
  });

  it('stores a new licence under the current rule, so a restart has nothing to re-key for it', async () => {
    const operator = await h.operatorWithCompany();
    const created = await operator.post('/licences', aLicence({ licenceNumber: `CN.2025/${aSerial()}` }));
    expect(created.status).toBe(201);

    const [key, version] = (await keysOf([created.body.id]))[created.body.id]!;

    expect(version).toBe(LICENCE_NUMBER_KEY_VERSION);
    expect(key).toMatch(/^CN2025\w+$/);
  });

  it('re-keys once when several replicas start together', async () => {
    const n = aSerial();
    const id = await storedUnderRuleOne(`CN.2025.${n}`, '2025-02-01T10:00:00Z');
    const quiet = createLogger({ name: 'licences', level: 'silent' });

    const reports = await Promise.all([1, 2, 3].map(() => rekeyLicenceNumbers({ db, logger: quiet })));

    expect(reports.map((r) => r.rekeyed).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(1);
    expect(reports.filter((r) => r.rekeyed > 0)).toHaveLength(1);
    expect((await keysOf([id]))[id]).toEqual([`CN2025${n}`, LICENCE_NUMBER_KEY_VERSION]);
  });

  it('runs when the service starts, so a respelt number registered under rule 1 is a duplicate again', async () => {
    const n = aSerial();
    await storedUnderRuleOne(`CN/2025/${n}/Q`, '2025-03-01T10:00:00Z');
    const respelt = aLicence({ licenceNumber: `CN-2025-${n}-Q` });

    const restarted = await startLicencesForTests(h.database.urlFor('licences'), h.vhost.url);
    try {
      const operator = await h.operatorWithCompany();
      const response = await new ApiClient(restarted.url, operator.identity).post('/licences', respelt);

      expect(response.status).toBe(409);
    } finally {
      await restarted.stop();
    }
  });
});
