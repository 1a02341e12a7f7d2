import { SHAREABLE_MIN_CELL, ZShareableQuery, type ShareableReport } from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { shareableCounts } from '../../data-access/timeline.repository';
import { suppressRow } from './shareable-suppression';

/**
 * GET /reports/shareable: counts fit to share outside the Commission (with MOFCOM, say). No
 * company, exporter or licence identity can be asked for; small cells are suppressed (see
 * suppressRow for the rule).
 */
export async function getShareable({ db, query }: { db: Db; query: unknown }): Promise<ShareableReport> {
  const { by, interval, ...filters } = parseOrThrow(ZShareableQuery, query);
  const rows = await shareableCounts(db, by, interval, filters);
  return {
    by: by ?? null,
    interval: interval ?? null,
    minimumCell: SHAREABLE_MIN_CELL,
    rows: rows.map(suppressRow),
  };
}
