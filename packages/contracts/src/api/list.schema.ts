import { z } from 'zod';
import { isoDate, text } from './fields';
import {
  CUSTOMS_STATUSES,
  LICENCE_SOURCES,
  LICENCE_STATUSES,
  LICENCE_TYPES,
  SECTORS,
} from './reference-data';

export const LICENCE_SORTS = ['submittedAt', '-submittedAt', 'applicationDate', '-updatedAt'] as const;

const boolParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');

/** GET /licences query string. */
export const ZLicenceListQuery = z.strictObject({
  status: z.enum(LICENCE_STATUSES).optional(),
  customsStatus: z.enum(CUSTOMS_STATUSES).optional(),
  sector: z.enum(SECTORS).optional(),
  licenceType: z.enum(LICENCE_TYPES).optional(),
  urgent: boolParam.optional(),
  /** `eusurvey_migration` lists the licences migrated from the EU Survey, for operators to check. */
  source: z.enum(LICENCE_SOURCES).optional(),
  /** `true`: the migrated licences still to be checked ("check this migrated licence"). */
  reviewRequired: boolParam.optional(),
  q: text().trim().min(2, 'must have at least 2 characters').max(100).optional(),
  submittedFrom: isoDate().optional(),
  submittedTo: isoDate().optional(),
  sort: z.enum(LICENCE_SORTS).default('-submittedAt'),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
  cursor: z.string().max(500).optional(),
});
export type LicenceListQuery = z.infer<typeof ZLicenceListQuery>;

/** `total` is exact up to 10,000 matches; beyond that it is the database's estimate and `totalExact` is false. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
    totalExact: z.boolean(),
  });
}
