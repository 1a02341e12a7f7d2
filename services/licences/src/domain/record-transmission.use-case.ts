import type { LicenceTransmitted } from '@lmp/contracts';
import type { Tx } from '../data-access/database';
import { recordTransmission } from '../data-access/licence-transmission.repository';
import { findLicence } from '../data-access/licence.repository';

/**
 * Counts a transmission to MOFCOM. Runs inside the idempotent consumer's transaction; a second
 * event for the same licence and batch also changes nothing (the batch is recorded once).
 */
export async function recordLicenceTransmission(
  tx: Tx,
  event: LicenceTransmitted,
): Promise<'recorded' | 'duplicate' | 'unknown-licence'> {
  const licence = await findLicence(tx, event.data.licenceId);
  if (!licence) return 'unknown-licence';
  const recorded = await recordTransmission(tx, {
    licenceId: licence.id,
    batchId: event.data.batchId,
    transmittedAt: new Date(event.data.transmittedAt),
  });
  return recorded ? 'recorded' : 'duplicate';
}
