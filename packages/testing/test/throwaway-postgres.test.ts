import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../src/throwaway-postgres';

async function select1(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe('startThrowawayPostgres', () => {
  let pg: ThrowawayPostgres;
  afterAll(async () => {
    await pg?.destroy();
  });

  it('runs a cluster of its own that a real immediate stop takes down and start brings back', async () => {
    pg = await startThrowawayPostgres();
    expect(pg.port).not.toBe(5432);
    expect(await select1(pg.url)).toBe(1);

    const held = new Client({ connectionString: pg.url });
    const lost = new Promise<Error>((resolve) => held.on('error', resolve));
    await held.connect();
    await pg.stop({ mode: 'immediate' });

    expect((await lost).message).toMatch(/terminat/i);
    await expect(select1(pg.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await pg.isRunning()).toBe(false);

    await pg.start();
    expect(await select1(pg.url)).toBe(1);
  });

  it('removes its files and stops the server on destroy', async () => {
    await pg.destroy();
    expect(existsSync(pg.dataDir)).toBe(false);
    await expect(select1(pg.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
