import { z } from 'zod';
import { parseOrThrow } from '@lmp/errors';

export const ZBatchId = z.uuid({ error: 'must be a batch id (UUID)' });
const ZLicenceId = z.uuid({ error: 'must be a licence id (UUID)' });

/** A path id that is not a UUID names no batch: 404, not a database error. */
export function batchIdOf(id: unknown): string | undefined {
  return ZBatchId.safeParse(id).success ? (id as string) : undefined;
}

export function licenceIdOf(id: unknown): string {
  return parseOrThrow(ZLicenceId, id);
}
