import { newEvent, type EventMeta } from '@lmp/contracts';
import type { Tx } from '../../data-access/database';
import { transmittedItemPages } from '../../data-access/batch-item.repository';
import { completeDispatch } from '../../data-access/batch.repository';
import { markLicencesTransmitted } from '../../data-access/licence-projection.repository';
import { saveEvents } from '../../data-access/outbox.repository';
import type { Batch } from '../batches/batch.types';

/**
 * The dispatch's record, all in the caller's one transaction: the batch moves from dispatching to
 * dispatched (guarded by that status, so of two replicas finishing the same batch only one
 * records it: the other's UPDATE finds no row and writes nothing), one `LicenceTransmitted` per
 * licence in the file, one `TransmissionBatchDispatched`, and the projection's
 * last_transmitted_at. Events are written a page at a time, so 100,000 items never sit in memory.
 * Undefined when the batch was recorded (or stopped being dispatched) meanwhile.
 */
export async function recordDispatch(tx: Tx, sent: Batch, at: Date): Promise<Batch | undefined> {
  const batch = await completeDispatch(tx, sent.id, at);
  if (!batch) return undefined;
  const transmittedAt = at.toISOString();
  const meta: EventMeta = {
    // Every event of one dispatch shares it: a consumer can tell which batch caused what.
    correlationId: `batch-${batch.id}`,
    actor: { type: 'system', id: 'transmissions', name: 'MOFCOM dispatch' },
    occurredAt: at,
  };
  let written = 0;
  for await (const page of transmittedItemPages(tx, batch.id)) {
    await saveEvents(
      tx,
      page.map((item) =>
        newEvent(
          'LicenceTransmitted',
          { licenceId: item.licenceId, licenceNumber: item.licenceNumber, batchId: batch.id, transmittedAt },
          meta,
        ),
      ),
    );
    written += page.length;
  }
  await markLicencesTransmitted(tx, batch.id, at);
  await saveEvents(tx, [
    newEvent(
      'TransmissionBatchDispatched',
      {
        batchId: batch.id,
        runNumber: batch.runNumber,
        kind: batch.kind,
        period: batch.period,
        itemCount: written,
        dispatchedAt: transmittedAt,
        fileSha256: batch.fileSha256!,
        messageId: batch.dispatch.messageId!,
      },
      meta,
    ),
  ]);
  return batch;
}
