import { createTestDatabase, type TestDatabase } from '@lmp/testing';
import { AppError } from '@lmp/errors';
import { createLogger } from '@lmp/logger';
import { createPool, withRetriedTransaction, withTransaction, type Db, type Tx } from '../src';

/** Resolves once `count` callers are waiting: two transactions hold their first lock before either takes its second. */
function barrier(count: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    waiting += 1;
    if (waiting === count) release();
    await all;
  };
}

describe('withRetriedTransaction', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    db = createPool({
      url: database.urlFor('licences'),
      max: 4,
      schema: 'licences',
      service: 'kit-test',
      logger: createLogger({ name: 'kit-test', level: 'silent' }),
    });
    await db.query('CREATE TABLE retry_probe (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });
  beforeEach(async () => {
    await db.query('TRUNCATE retry_probe');
    await db.query('INSERT INTO retry_probe (id, n) VALUES (1, 0), (2, 0)');
  });

  /** Locks one row, waits for the other transaction to lock the other, then takes that one too. */
  const crossing =
    (first: number, second: number, meet: () => Promise<void>, runs: number[]) => async (tx: Tx) => {
      runs.push(first);
      await tx.query('UPDATE retry_probe SET n = n + 1 WHERE id = $1', [first]);
      if (runs.filter((r) => r === first).length === 1) await meet(); // only the first run waits
      await tx.query('UPDATE retry_probe SET n = n + 1 WHERE id = $1', [second]);
      return first;
    };

  it('runs a transaction Postgres chose as a deadlock victim again, so both callers succeed', async () => {
    const meet = barrier(2);
    const runs: number[] = [];

    const results = await Promise.all([
      withRetriedTransaction(db, crossing(1, 2, meet, runs)),
      withRetriedTransaction(db, crossing(2, 1, meet, runs)),
    ]);

    expect(results).toEqual([1, 2]);
    expect(runs).toHaveLength(3); // the victim ran twice
    const { rows } = await db.query('SELECT id, n FROM retry_probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('answers RESOURCE.CONFLICT (409), not the driver error, when every attempt fails so', async () => {
    let calls = 0;
    const failing = withRetriedTransaction(
      db,
      async () => {
        calls += 1;
        throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      },
      { attempts: 3 },
    );

    await expect(failing).rejects.toMatchObject({ code: 'RESOURCE.CONFLICT' });
    await expect(failing).rejects.toBeInstanceOf(AppError);
    expect(calls).toBe(3);
  });

  it('throws any other error on the first attempt, with nothing written, as withTransaction does', async () => {
    let calls = 0;
    const failing = withRetriedTransaction(db, async (tx) => {
      calls += 1;
      await tx.query('UPDATE retry_probe SET n = 99 WHERE id = 1');
      throw Object.assign(new Error('duplicate'), { code: '23505' });
    });

    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
    expect((await db.query('SELECT n FROM retry_probe WHERE id = 1')).rows).toEqual([{ n: 0 }]);
  });

  it('leaves withTransaction as it was: a deadlock reaches its caller', async () => {
    const meet = barrier(2);
    const runs: number[] = [];

    const results = await Promise.allSettled([
      withTransaction(db, crossing(1, 2, meet, runs)),
      withTransaction(db, crossing(2, 1, meet, runs)),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: '40P01' } });
  });
});
