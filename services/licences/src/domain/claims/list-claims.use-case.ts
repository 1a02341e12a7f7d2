import { z } from 'zod';
import { ZClaimListQuery, type Claim, type CommissionClaim } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import {
  countClaims,
  findClaim,
  listClaims as readClaims,
  type ClaimKeyset,
} from '../../data-access/claim.repository';
import type { Db } from '../../data-access/database';
import { assertCompanyMember, isCommission, type Actor } from '../identity/actor';
import { EXACT_TOTAL_CAP } from '../listing/list-totals';
import { assertId } from '../resource-id';
import { claimViewFor } from './claim-view';

interface Cursor extends ClaimKeyset {
  total: number;
  exact: boolean;
}

/** A cursor as encodeCursor writes it: every element checked, so a forged one never reaches SQL. */
const ZCursor = z.tuple([
  z.boolean(),
  z.iso.datetime(),
  z.guid(),
  z.number().int().nonnegative(),
  z.boolean(),
]);

const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify([c.open, c.createdAt, c.id, c.total, c.exact])).toString('base64url');

function decodeCursor(text: string): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    // not JSON: the validation error below
  }
  const parsed = ZCursor.safeParse(decoded);
  if (parsed.success) {
    const [open, createdAt, id, total, exact] = parsed.data;
    return { open, createdAt, id, total, exact };
  }
  throw new AppError('VALIDATION.FAILED', 'The cursor is not valid for this list', {
    errors: [{ field: 'cursor', message: 'is not a cursor returned by this list' }],
  });
}

/**
 * GET /licences/claims: the Commission sees every claim with both companies (open first); an
 * operator sees the claims their company filed, never the holder. `?status=` filters; a page of
 * `limit` (default 50, at most 200) and an opaque cursor to the next, with the total counted on
 * the first page (exact up to EXACT_TOTAL_CAP) and carried in the cursor.
 */
export async function listClaims({
  db,
  actor,
  query,
}: {
  db: Db;
  actor: Actor;
  query: unknown;
}): Promise<{
  items: Array<Claim | CommissionClaim>;
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}> {
  const q = parseOrThrow(ZClaimListQuery, query);
  if (!isCommission(actor)) assertCompanyMember(actor);
  const filter = {
    status: q.status,
    claimantCompanyId: isCommission(actor) ? undefined : (actor.companyId ?? undefined),
  };
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const count = cursor
    ? { total: cursor.total, exact: cursor.exact }
    : await countClaims(db, filter, EXACT_TOTAL_CAP);
  const page = await readClaims(db, filter, cursor, q.limit);
  return {
    items: page.records.map(claimViewFor(actor)),
    nextCursor: page.next ? encodeCursor({ ...page.next, ...count }) : null,
    total: count.total,
    totalExact: count.exact,
  };
}

/** GET /licences/claims/{id}: another company's claim is a 404, as a missing one. */
export async function getClaim({
  db,
  actor,
  claimId,
}: {
  db: Db;
  actor: Actor;
  claimId: string;
}): Promise<Claim | CommissionClaim> {
  if (!isCommission(actor)) assertCompanyMember(actor);
  assertId(claimId, 'claim');
  const claim = await findClaim(db, claimId);
  if (!claim || (!isCommission(actor) && claim.claimant.id !== actor.companyId)) {
    throw new AppError('RESOURCE.NOT_FOUND', 'No such claim');
  }
  return claimViewFor(actor)(claim);
}
