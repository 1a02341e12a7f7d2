import type { Licence } from '@lmp/contracts';
import type { LicenceRecord } from '../data-access/licence.columns';

/** The API shape of a licence: the record, with its transmissions as count and dates. */
export function toLicence(record: LicenceRecord, transmissionDates: string[]): Licence {
  const { transmissionCount, lastTransmittedAt: _last, ...rest } = record;
  return { ...rest, transmissions: { count: transmissionCount, dates: transmissionDates } };
}

/** Strong ETag from the row version: any change bumps it. */
export function etagOf(record: { id: string; version: number }): string {
  return `"${record.id}.${record.version}"`;
}
