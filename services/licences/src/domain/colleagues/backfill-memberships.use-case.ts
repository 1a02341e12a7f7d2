import type { OutboxNotifier } from '@lmp/bus';
import type { Db } from '../../data-access/database';
import { listMembershipsAfter } from '../../data-access/membership.repository';
import { saveEventsOnce } from '../../data-access/outbox';
import { eventMeta } from '../event-meta';
import { userJoinedCompanyEvent } from '../identity/join-company';
import { membershipEventId } from './stable-event-id';

/**
 * UserJoinedCompany (`backfill: true`) for every membership that exists, so a consumer that
 * starts later (messaging's recipients) can start from an empty table. Each event's id is derived
 * from the user and the company: a second run writes no outbox row that is still there, and an
 * event published again is one its consumers have seen (claimEvent). Written to the outbox; the
 * running service's relay publishes them.
 */
export async function backfillMemberships({
  db,
  outbox,
  pageSize = 500,
}: {
  db: Db;
  outbox?: OutboxNotifier;
  pageSize?: number;
}): Promise<{ memberships: number; written: number }> {
  let after: string | null = null;
  let memberships = 0;
  let written = 0;
  for (;;) {
    const page = await listMembershipsAfter(db, after, pageSize);
    if (page.length === 0) break;
    const events = page.map((m) =>
      userJoinedCompanyEvent(m, eventMeta('system', new Date(m.joinedAt)), {
        backfill: true,
        id: membershipEventId(m.userId, m.companyId),
      }),
    );
    written += await saveEventsOnce(db, events);
    memberships += page.length;
    after = page[page.length - 1]!.userId;
    outbox?.written();
  }
  return { memberships, written };
}
