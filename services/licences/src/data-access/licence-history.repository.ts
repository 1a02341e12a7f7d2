import type { Changes, HistoryRecord } from '../domain/licence/licence.types';
import type { Queryable } from './database';

export async function insertHistory(
  db: Queryable,
  entry: { id: string; licenceId: string; at: Date; actorId: string; actorName: string; changes: Changes },
): Promise<void> {
  await db.query(
    `INSERT INTO licence_history (id, licence_id, at, actor_id, actor_name, changes) VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.id, entry.licenceId, entry.at, entry.actorId, entry.actorName, JSON.stringify(entry.changes)],
  );
}

/** Oldest first, as the history is read. */
export async function listHistory(db: Queryable, licenceId: string): Promise<HistoryRecord[]> {
  const { rows } = await db.query<{ at: Date; actor_id: string; actor_name: string; changes: Changes }>(
    `SELECT at, actor_id, actor_name, changes FROM licence_history WHERE licence_id = $1 ORDER BY at, id`,
    [licenceId],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: { id: r.actor_id, name: r.actor_name },
    changes: r.changes,
  }));
}

export async function summariseHistory(
  db: Queryable,
  licenceId: string,
): Promise<
  { changes: number; lastChangedAt: string; lastChangedBy: { id: string; name: string } } | undefined
> {
  const { rows } = await db.query<{ n: string; at: Date; actor_id: string; actor_name: string }>(
    `SELECT count(*) OVER () AS n, at, actor_id, actor_name FROM licence_history
      WHERE licence_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
    [licenceId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    changes: Number(row.n),
    lastChangedAt: row.at.toISOString(),
    lastChangedBy: { id: row.actor_id, name: row.actor_name },
  };
}
