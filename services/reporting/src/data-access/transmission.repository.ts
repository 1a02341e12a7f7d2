import type { BatchFacts, TransmissionFacts } from '../domain/projection/read-model.types';
import type { Queryable } from './database';

/**
 * Counts a licence's transmission once per batch, whatever the event's id; a licence not seen
 * yet gets a partial row that its LicenceSubmitted completes.
 */
export async function saveTransmission(tx: Queryable, t: TransmissionFacts): Promise<void> {
  await tx.query(
    // Inserted only when missing, so the row's slot (the report index's position) is taken once.
    `INSERT INTO licences (id, licence_number, number_normalised)
     SELECT $1::uuid, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM licences WHERE id = $1::uuid)
     ON CONFLICT (id) DO NOTHING`,
    [t.licenceId, t.licenceNumber, t.numberNormalised],
  );
  const { rowCount } = await tx.query(
    `INSERT INTO licence_transmissions (licence_id, batch_id, transmitted_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING`,
    [t.licenceId, t.batchId, t.transmittedAt],
  );
  if (!rowCount) return;
  await tx.query(
    `UPDATE licences SET transmission_count = transmission_count + 1,
            first_transmitted_at = LEAST(first_transmitted_at, $2::timestamptz),
            last_transmitted_at = GREATEST(last_transmitted_at, $2::timestamptz)
      WHERE id = $1`,
    [t.licenceId, t.transmittedAt],
  );
}

export async function saveBatch(tx: Queryable, b: BatchFacts): Promise<void> {
  await tx.query(
    `INSERT INTO batches (id, run_number, kind, period, item_count, dispatched_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [b.id, b.runNumber, b.kind, b.period, b.itemCount, b.dispatchedAt],
  );
}
