import { ZLicenceTransmitted } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { recordTransmission } from '../../data-access/licence-transmission.repository';
import { findLicence } from '../../data-access/licence.repository';
import { claimEventFor } from '../../data-access/processed-events.repository';

export type TransmissionOutcome = 'recorded' | 'duplicate' | 'unknown-licence' | 'already-applied';

/**
 * LicenceTransmitted: counts a transmission to MOFCOM. The event is validated here (an invalid one
 * is refused as such and dead-lettered at once) and applied once however often it is delivered;
 * a second event for the same licence and batch also changes nothing (the batch is recorded once).
 */
export async function recordLicenceTransmission({
  db,
  consumer,
  event,
}: {
  db: Db;
  consumer: string;
  event: unknown;
}): Promise<TransmissionOutcome> {
  const transmitted = parseOrThrow(ZLicenceTransmitted, event);
  return withTransaction(db, async (tx) => {
    if (!(await claimEventFor(tx, consumer, transmitted.id))) return 'already-applied';
    const licence = await findLicence(tx, transmitted.data.licenceId);
    if (!licence) return 'unknown-licence';
    const recorded = await recordTransmission(tx, {
      licenceId: licence.id,
      batchId: transmitted.data.batchId,
      transmittedAt: new Date(transmitted.data.transmittedAt),
    });
    return recorded ? 'recorded' : 'duplicate';
  });
}
