import type { SnapshotCompany, SnapshotPageQuery, SnapshotSession } from '../domain/snapshot/snapshot.types';
import type { Db } from './database';
import { LICENCE_SELECT, toLicenceRecord, type LicenceRow } from './licence.columns';

interface SnapshotCompanyRow {
  id: string;
  name: string;
  eori: string;
  country: string;
  member_state: string;
  sme: boolean;
  sector: string;
  created_at: Date;
  updated_at: Date;
}

const toSnapshotCompany = (r: SnapshotCompanyRow): SnapshotCompany => ({
  id: r.id,
  name: r.name,
  eori: r.eori,
  country: r.country,
  memberState: r.member_state,
  sme: r.sme,
  sector: r.sector,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** The connection's application name while it holds a snapshot (the pool's otherwise). */
export const SNAPSHOT_APPLICATION_NAME = 'lmp-licences-snapshot';

/** Keyset page over the primary key: each page starts where the last one ended, never an OFFSET. */
function pageSql(
  columns: string,
  table: string,
  query: SnapshotPageQuery,
): { text: string; values: unknown[] } {
  const values: unknown[] = [query.limit];
  const where: string[] = [];
  if (query.after !== null) where.push(`id > $${values.push(query.after)}`);
  if (query.since !== undefined) where.push(`updated_at >= $${values.push(query.since)}::timestamptz`);
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { text: `SELECT ${columns} FROM ${table} ${filter} ORDER BY id LIMIT $1`, values };
}

/**
 * Opens a REPEATABLE READ, READ ONLY transaction on one connection of the pool: every page read
 * through the session sees the database as it was at `asOf`, whatever commits meanwhile. The
 * connection is held until `close()`; a caller that stops reading for longer than `idleTimeoutMs`
 * gets its transaction ended by the server, so a stalled reader cannot hold a connection and an
 * old snapshot (which keeps VACUUM from cleaning up) for ever.
 */
export async function openSnapshot(db: Db, options: { idleTimeoutMs: number }): Promise<SnapshotSession> {
  const client = await db.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  const release = () => {
    client.removeListener('error', onError);
    client.release(broken);
  };
  let asOf: string;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The first statement takes the snapshot; its start time is when the snapshot was taken. The
    // application name (until the transaction ends) tells in pg_stat_activity who holds it.
    const { rows } = await client.query<{ as_of: Date }>(
      `SELECT set_config('idle_in_transaction_session_timeout', $1, true),
              set_config('application_name', $2, true), statement_timestamp() AS as_of`,
      [String(options.idleTimeoutMs), SNAPSHOT_APPLICATION_NAME],
    );
    asOf = rows[0]!.as_of.toISOString();
  } catch (error) {
    broken ??= error as Error;
    release();
    throw error;
  }

  let closed = false;
  return {
    asOf,
    async companies(query) {
      const { text, values } = pageSql(
        'id, name, eori, country, member_state, sme, sector, created_at, updated_at',
        'companies',
        query,
      );
      const { rows } = await client.query<SnapshotCompanyRow>(text, values);
      return rows.map(toSnapshotCompany);
    },
    async licences(query) {
      const { text, values } = pageSql(LICENCE_SELECT, 'licences', query);
      const { rows } = await client.query<LicenceRow>(text, values);
      return rows.map(toLicenceRecord);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        // Read only: nothing to commit, and a rollback also ends a transaction an error aborted.
        await client.query('ROLLBACK');
      } catch (error) {
        broken ??= error as Error;
      } finally {
        release();
      }
    },
  };
}
