import { createLogger } from '@lmp/logger';
import { createTestDatabase, deferred, eventually, type TestDatabase } from '@lmp/testing';
import { createPool, withSessionLock, type AdvisoryLockKey, type Db } from '../src';

describe('withSessionLock', () => {
  let database: TestDatabase;
  /** Two replicas of one service: two pools on the same database. */
  let replicaA: Db;
  let replicaB: Db;
  const pools: Db[] = [];
  const poolOf = (service: string, max = 4): Db => {
    const pool = createPool({
      url: database.urlFor('licences'),
      max,
      schema: 'licences',
      service,
      logger: createLogger({ name: service, level: 'silent' }),
    });
    pools.push(pool);
    return pool;
  };
  let keys = 0;
  const freshKey = (): AdvisoryLockKey => ({ name: `kit-test.session-lock:${++keys}` });

  beforeAll(async () => {
    database = await createTestDatabase({ services: ['licences'] });
    replicaA = poolOf('kit-test-a');
    replicaB = poolOf('kit-test-b');
    await replicaA.query('CREATE TABLE lock_probe (note text NOT NULL, pid int NOT NULL)');
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  });

  /** Holds `key` from `db` (waiting for it) until `release` is called. */
  async function hold(db: Db, key: AdvisoryLockKey) {
    const held = deferred();
    const letGo = deferred();
    const run = withSessionLock(db, { key, mode: 'wait' }, async () => {
      held.resolve();
      await letGo.promise;
    });
    await held.promise;
    return {
      release: async () => {
        letGo.resolve();
        await run;
      },
    };
  }

  /** Whether a connection of `db` taking the lock with this SQL gets it; the connection is then closed. */
  async function takenBySql(db: Db, tryLock: string, params: unknown[]): Promise<boolean> {
    const client = await db.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT ${tryLock} AS locked`, params);
      return rows[0]!.locked;
    } finally {
      client.release(true); // closed: whatever it took goes with it
    }
  }

  /** Someone in this database is waiting for an advisory lock. */
  const someoneWaits = async () => {
    const { rows } = await replicaA.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0]!.n > 0;
  };

  describe("mode 'try'", () => {
    it('answers { locked: false } at once, without running the work, while another replica holds the lock', async () => {
      const key = freshKey();
      const holder = await hold(replicaA, key);
      let ran = false;

      const outcome = await withSessionLock(replicaB, { key, mode: 'try' }, async () => {
        ran = true;
      });

      await holder.release();
      expect(outcome).toEqual({ locked: false });
      expect(ran).toBe(false);
    });

    it('runs the work and answers its value once the lock is free', async () => {
      const key = freshKey();
      await (await hold(replicaA, key)).release();

      const outcome = await withSessionLock(replicaB, { key, mode: 'try' }, async () => 'batch sent');

      expect(outcome).toEqual({ locked: true, value: 'batch sent' });
    });
  });

  describe("mode 'wait'", () => {
    it("runs the second replica's work only after the first one's has ended", async () => {
      const key = freshKey();
      const events: string[] = [];
      const firstHolds = deferred();
      const firstMayEnd = deferred();
      const first = withSessionLock(replicaA, { key, mode: 'wait' }, async () => {
        events.push('first starts');
        firstHolds.resolve();
        await firstMayEnd.promise;
        events.push('first ends');
      });
      await firstHolds.promise;

      const second = withSessionLock(replicaB, { key, mode: 'wait' }, async () => {
        events.push('second starts');
        return 'digests sent';
      });
      await eventually(someoneWaits);
      expect(events).toEqual(['first starts']);
      firstMayEnd.resolve();

      await first;
      expect(await second).toBe('digests sent');
      expect(events).toEqual(['first starts', 'first ends', 'second starts']);
    });
  });

  describe('letting go', () => {
    it("lets the lock go when the work throws, and the caller gets the work's error", async () => {
      const key = freshKey();

      const failing = withSessionLock(replicaA, { key, mode: 'wait' }, async () => {
        throw new Error('MOFCOM refused the batch');
      });

      await expect(failing).rejects.toThrow('MOFCOM refused the batch');
      expect(await withSessionLock(replicaB, { key, mode: 'try' }, async () => 'next')).toEqual({
        locked: true,
        value: 'next',
      });
    });

    it('destroys a connection that could not unlock, so the lock goes with it and the pool never lends it again', async () => {
      const key = freshKey();
      const onlyOne = poolOf('kit-test-single', 1);
      let lockPid = 0;

      // The work leaves its connection in a failed transaction: the unlock cannot run there.
      const outcome = await withSessionLock(onlyOne, { key, mode: 'try' }, async ({ client }) => {
        lockPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await client.query('BEGIN');
        await client.query('SELECT 1 / 0').catch(() => undefined);
        return 'sent';
      });

      expect(outcome).toEqual({ locked: true, value: 'sent' });
      const next = await onlyOne.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(next.rows[0]!.pid).not.toBe(lockPid); // a new connection, not the one in the failed transaction
      // Postgres frees the lock as that connection closes: a waiting replica gets it.
      expect(await withSessionLock(replicaB, { key, mode: 'wait' }, async () => 'resumed')).toBe('resumed');
    });
  });

  describe('session.transaction', () => {
    it('runs each transaction on the connection holding the lock, which outlives them', async () => {
      const key = freshKey();

      await withSessionLock(replicaA, { key, mode: 'wait' }, async ({ client, transaction }) => {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await transaction((tx) =>
          tx.query('INSERT INTO lock_probe (note, pid) VALUES ($1, pg_backend_pid())', ['chunk 1']),
        );
        const rolledBack = transaction(async (tx) => {
          await tx.query('INSERT INTO lock_probe (note, pid) VALUES ($1, pg_backend_pid())', ['chunk 2']);
          throw new Error('chunk 2 failed');
        });
        await expect(rolledBack).rejects.toThrow('chunk 2 failed');

        const { rows } = await replicaB.query('SELECT note, pid FROM lock_probe');
        expect(rows).toEqual([{ note: 'chunk 1', pid }]);
        expect(await withSessionLock(replicaB, { key, mode: 'try' }, async () => 'taken')).toEqual({
          locked: false,
        });
      });
    });
  });

  describe('keys', () => {
    it.each([
      [
        '{ name }: hashtextextended(name, 0)',
        { name: 'messaging.broadcast:42' },
        'pg_try_advisory_lock(hashtextextended($1, 0))',
        ['messaging.broadcast:42'],
      ],
      [
        '{ hashtext }: hashtext(name) as one key',
        { hashtext: 'licences.rekey-licence-numbers' },
        'pg_try_advisory_lock(hashtext($1))',
        ['licences.rekey-licence-numbers'],
      ],
      [
        '{ space, hashtext }: two int keys',
        { space: 0x7472_6e73, hashtext: 'batch-7' },
        'pg_try_advisory_lock($1, hashtext($2))',
        [0x7472_6e73, 'batch-7'],
      ],
    ] as [string, AdvisoryLockKey, string, unknown[]][])(
      'takes %s, the lock a replica of an older version takes with that SQL',
      async (_form, key, olderSql, params) => {
        const holder = await hold(replicaA, key);
        const olderReplicaGotIt = await takenBySql(replicaB, olderSql, params);
        await holder.release();

        expect(olderReplicaGotIt).toBe(false);
        expect(await takenBySql(replicaB, olderSql, params)).toBe(true);
      },
    );
  });
});
