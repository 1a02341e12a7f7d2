import { createHash } from 'node:crypto';
import type { Licence } from '@lmp/contracts';
import type { LicenceRecord } from './licence.types';

/** The API shape of a licence: the record, with its transmissions as count and dates. */
export function toLicence(record: LicenceRecord, transmissionDates: string[]): Licence {
  const { transmissionCount, lastTransmittedAt: _last, ...rest } = record;
  return { ...rest, transmissions: { count: transmissionCount, dates: transmissionDates } };
}

/**
 * ETag of a representation of a licence: id and version (every edit bumps it), then a digest of
 * what is shown, which also changes with what moves without an edit (transmissions, confirmation
 * requests). If-Match compares only id and version (`ifMatchAccepts`): a transmission is not an
 * edit to conflict with.
 */
export function etagOf(licence: { id: string; version: number }, representation: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(representation)).digest('base64url').slice(0, 12);
  return `"${licence.id}.${licence.version}.${digest}"`;
}

/** Whether an If-Match header names the current version of this licence (or is `*`). */
export function ifMatchAccepts(ifMatch: string, licence: { id: string; version: number }): boolean {
  if (ifMatch.trim() === '*') return true;
  return ifMatch.split(',').some((tag) => {
    const [id, version] = tag.trim().replace(/^"|"$/g, '').split('.');
    return id === licence.id && version === String(licence.version);
  });
}
