import { newEvent, type AnyEnvelope, type CompanyRole, type EventMeta } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Tx } from '../../data-access/database';
import { insertMembership, type MembershipRow } from '../../data-access/membership.repository';
import { saveEvents } from '../../data-access/outbox';

/**
 * The one way a user becomes a member of a company, inside the caller's transaction: the
 * membership (company, role, date) and its UserJoinedCompany event. Used when a company is
 * created (its creator, as admin), when an invitation is accepted (as member), and by anything
 * else that binds a user to a company (the EU Survey migration's pre-provisioned users). The
 * caller wakes the outbox relay after the commit. A user who already belongs to a company is
 * refused: one e-mail, one user, one company.
 */
export async function joinCompany(
  tx: Tx,
  options: {
    userId: string;
    companyId: string;
    role: CompanyRole;
    meta: EventMeta;
    joinedAt?: Date;
  },
): Promise<{ membership: MembershipRow; event: AnyEnvelope }> {
  const joinedAt = options.joinedAt ?? options.meta.occurredAt ?? new Date();
  const membership = await insertMembership(tx, { ...options, joinedAt });
  if (!membership) {
    throw new AppError('COMPANY.ADDRESS_IN_COMPANY', 'This user belongs to a company already');
  }
  const event = userJoinedCompanyEvent(membership, options.meta);
  await saveEvents(tx, [event]);
  return { membership, event };
}

export function userJoinedCompanyEvent(
  m: MembershipRow,
  meta: EventMeta,
  options: { backfill?: boolean; id?: string } = {},
): AnyEnvelope {
  const event = newEvent(
    'UserJoinedCompany',
    {
      userId: m.userId,
      companyId: m.companyId,
      email: m.email,
      name: m.name,
      role: m.role,
      joinedAt: m.joinedAt,
      backfill: options.backfill ?? false,
    },
    meta,
  );
  return options.id ? { ...event, id: options.id } : event;
}
