import type { Queryable } from './database';

/**
 * Records one transmission of a licence in a batch. Returns false when this batch was already
 * recorded for the licence, so a replayed event never counts twice.
 */
export async function recordTransmission(
  db: Queryable,
  entry: { licenceId: string; batchId: string; transmittedAt: Date },
): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO licence_transmissions (licence_id, batch_id, transmitted_at) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING`,
    [entry.licenceId, entry.batchId, entry.transmittedAt],
  );
  if (inserted.rowCount === 0) return false;
  await db.query(
    `UPDATE licences SET transmission_count = transmission_count + 1,
        last_transmitted_at = GREATEST(last_transmitted_at, $2)
      WHERE id = $1`,
    [entry.licenceId, entry.transmittedAt],
  );
  return true;
}

/** Transmission dates of each licence, oldest first. */
export async function transmissionDates(db: Queryable, licenceIds: string[]): Promise<Map<string, string[]>> {
  const dates = new Map<string, string[]>(licenceIds.map((id) => [id, []]));
  if (licenceIds.length === 0) return dates;
  const { rows } = await db.query<{ licence_id: string; transmitted_at: Date }>(
    `SELECT licence_id, transmitted_at FROM licence_transmissions WHERE licence_id = ANY($1::uuid[])
      ORDER BY transmitted_at`,
    [licenceIds],
  );
  for (const row of rows) dates.get(row.licence_id)?.push(row.transmitted_at.toISOString());
  return dates;
}
