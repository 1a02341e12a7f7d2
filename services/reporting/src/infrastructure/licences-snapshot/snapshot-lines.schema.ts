import { z } from 'zod';
import { ZLicence } from '@lmp/contracts';

/**
 * The lines of the licences service's snapshot (/internal/v1/snapshot/*), as that service writes
 * them (its domain/snapshot/snapshot.types.ts; copied, since no service imports another's code).
 * Unknown keys are dropped, so the licences service may add fields without breaking this reader.
 */
export const ZSnapshotCompany = z.object({
  id: z.uuid(),
  name: z.string(),
  eori: z.string(),
  country: z.string(),
  memberState: z.string(),
  sme: z.boolean(),
  sector: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SnapshotCompany = z.infer<typeof ZSnapshotCompany>;

/** The licence as its public API shows it, its transmissions summarised as count and last date. */
export const ZSnapshotLicence = ZLicence.omit({ transmissions: true }).extend({
  transmissionCount: z.number().int().min(0),
  lastTransmittedAt: z.iso.datetime().nullable(),
});
export type SnapshotLicence = z.infer<typeof ZSnapshotLicence>;

/** The last line of every complete snapshot: a stream without it was cut short. */
export const ZSnapshotEnd = z.strictObject({
  end: z.literal(true),
  count: z.number().int().min(0),
  asOf: z.iso.datetime({ offset: true }),
});
export type SnapshotEnd = z.infer<typeof ZSnapshotEnd>;

export type SnapshotKind = 'companies' | 'licences';

export interface SnapshotLines {
  companies: SnapshotCompany;
  licences: SnapshotLicence;
}
