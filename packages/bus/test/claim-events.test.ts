import { randomUUID } from 'node:crypto';
import { claimEvents } from '../src';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('claimEvents', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('reporting');
  });

  afterAll(async () => {
    await db.drop();
  });

  /** Claims in one committed transaction, as a consumer applying a batch does. */
  async function claim(consumer: string, eventIds: string[]): Promise<Set<string>> {
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      const claimed = await claimEvents(tx, { schema: db.schema, consumer, eventIds });
      await tx.query('COMMIT');
      return claimed;
    } finally {
      tx.release();
    }
  }

  it('claims each event of a batch once, however often the batch names it or is delivered', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];

    expect(await claim('reporting.q1', [a, b, a])).toEqual(new Set([a, b]));
    expect(await claim('reporting.q1', [b, c])).toEqual(new Set([c]));
    expect(await claim('reporting.q1', [a, b, c])).toEqual(new Set());
  });

  it('claims for each consumer apart, and answers ids in lower case', async () => {
    const id = randomUUID();

    expect(await claim('reporting.q2', [id.toUpperCase()])).toEqual(new Set([id]));
    expect(await claim('reporting.q3', [id])).toEqual(new Set([id]));
  });

  it('claims nothing for an empty batch', async () => {
    expect(await claim('reporting.q4', [])).toEqual(new Set());
  });

  it('leaves nothing claimed when the transaction rolls back, so a retry applies the events', async () => {
    const id = randomUUID();
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      expect(await claimEvents(tx, { schema: db.schema, consumer: 'reporting.q5', eventIds: [id] })).toEqual(
        new Set([id]),
      );
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }

    expect(await claim('reporting.q5', [id])).toEqual(new Set([id]));
  });
});
