import { z } from 'zod';
import { ZLicenceListQuery, type Licence } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import {
  countLicences,
  listLicences,
  type Keyset,
  type LicenceFilter,
} from '../../data-access/licence-list.repository';
import { transmissionDates } from '../../data-access/licence-transmission.repository';
import { companyScopeOf, type Actor } from '../identity/actor';
import { normaliseLicenceNumber } from '../licence/licence-number';
import { toLicence } from '../licence/licence-view';
import { EXACT_TOTAL_CAP } from './list-totals';

/** Exactly what this list writes into its cursors (a real date or instant); anything else never reaches SQL. */
function isCursorValue(sort: string, value: string): boolean {
  if (value < '0001') return false;
  const date = sort === 'applicationDate';
  const parsed = new Date(date ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(parsed.getTime())) return false;
  const iso = parsed.toISOString();
  return date ? iso.slice(0, 10) === value : iso === value;
}

interface Cursor extends Keyset {
  sort: string;
  total: number;
  exact: boolean;
}

/** A text search with at most this many matches is sorted after matching, not matched while sorting. */
const FEW_MATCHES = 2_000;


function encodeCursor(cursor: Cursor): string {
  return Buffer.from(
    JSON.stringify([cursor.sort, cursor.value, cursor.id, cursor.total, cursor.exact]),
  ).toString('base64url');
}

/** A cursor as encodeCursor writes it: every element checked, so a forged one never reaches SQL. */
const cursorOf = (sort: string) =>
  z.tuple([
    z.literal(sort),
    z.string().refine((value) => isCursorValue(sort, value)),
    z.guid(),
    z.number().int().nonnegative(),
    z.boolean(),
  ]);

function decodeCursor(text: string, sort: string): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    // not JSON: the validation error below
  }
  const parsed = cursorOf(sort).safeParse(decoded);
  if (parsed.success) {
    const [s, value, id, total, exact] = parsed.data;
    return { sort: s, value, id, total, exact };
  }
  throw new AppError('VALIDATION.FAILED', 'The cursor is not valid for this list', {
    errors: [{ field: 'cursor', message: 'is not a cursor returned by this list with the same sort' }],
  });
}

/**
 * A page of the licences the actor may see. The total is counted with the first page (exactly up
 * to EXACT_TOTAL_CAP, estimated beyond) and carried in the cursor, so following pages cost one
 * index range scan each.
 */
export async function listLicencesPage({
  db,
  actor,
  query,
  exactTotalCap = EXACT_TOTAL_CAP,
}: {
  db: Db;
  actor: Actor;
  query: unknown;
  exactTotalCap?: number;
}): Promise<{ items: Licence[]; nextCursor: string | null; total: number; totalExact: boolean }> {
  const q = parseOrThrow(ZLicenceListQuery, query);
  const cursor = q.cursor ? decodeCursor(q.cursor, q.sort) : undefined;
  const filter: LicenceFilter = {
    companyId: companyScopeOf(actor),
    status: q.status,
    customsStatus: q.customsStatus,
    sector: q.sector,
    licenceType: q.licenceType,
    urgent: q.urgent,
    source: q.source,
    reviewRequired: q.reviewRequired,
    submittedFrom: q.submittedFrom,
    submittedTo: q.submittedTo,
  };
  if (q.q) {
    const number = normaliseLicenceNumber(q.q);
    if (number.length > 0) filter.numberContains = number;
    filter.exporterContains = q.q;
  }
  const count = cursor
    ? { total: cursor.total, exact: cursor.exact }
    : await countLicences(db, filter, exactTotalCap);
  const page =
    count.exact && count.total === 0
      ? { records: [], next: undefined }
      : await listLicences(db, filter, q.sort, cursor, q.limit, {
          fewMatches: filter.exporterContains !== undefined && count.exact && count.total <= FEW_MATCHES,
        });
  const dates = await transmissionDates(
    db,
    page.records.filter((r) => r.transmissionCount > 0).map((r) => r.id),
  );
  return {
    items: page.records.map((r) => toLicence(r, dates.get(r.id) ?? [])),
    nextCursor: page.next ? encodeCursor({ ...page.next, sort: q.sort, ...count }) : null,
    total: count.total,
    totalExact: count.exact,
  };
}
