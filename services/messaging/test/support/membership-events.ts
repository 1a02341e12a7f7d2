// Membership events as the licences service publishes them (UserJoinedCompany, UserLeftCompany,
// CompanyInvitationCreated, LicenceTransferred), for this service's tests.
import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope } from '@lmp/contracts';

const meta = (at: string) => ({
  correlationId: `req-${randomUUID().slice(0, 8)}`,
  actor: { type: 'user' as const, id: randomUUID(), name: 'Anna Admin' },
  occurredAt: new Date(at),
});

export interface TestUser {
  userId: string;
  email: string;
  name: string;
}

export function aUser(overrides: Partial<TestUser> = {}): TestUser {
  const id = randomUUID().slice(0, 8);
  return {
    userId: randomUUID(),
    email: `user-${id}@company-${id}.example`,
    name: `User ${id}`,
    ...overrides,
  };
}

export function userJoined(
  companyId: string,
  user: TestUser,
  at = '2026-01-05T09:00:00.000Z',
  role: 'admin' | 'member' = 'member',
): AnyEnvelope {
  return newEvent(
    'UserJoinedCompany',
    {
      userId: user.userId,
      companyId,
      email: user.email,
      name: user.name,
      role,
      joinedAt: at,
      backfill: false,
    },
    meta(at),
  );
}

export function userLeft(companyId: string, user: TestUser, at: string): AnyEnvelope {
  return newEvent(
    'UserLeftCompany',
    {
      userId: user.userId,
      companyId,
      email: user.email,
      leftAt: at,
      reason: 'removed',
      removedBy: randomUUID(),
    },
    meta(at),
  );
}

export function invitationCreated(companyId: string, companyName: string, email: string): AnyEnvelope {
  return newEvent(
    'CompanyInvitationCreated',
    {
      invitationId: randomUUID(),
      companyId,
      companyName,
      email,
      invitedBy: { userId: randomUUID(), name: 'Anna Admin' },
      createdAt: '2026-03-01T09:00:00.000Z',
      expiresAt: '2026-03-15T09:00:00.000Z',
    },
    meta('2026-03-01T09:00:00.000Z'),
  );
}

export function licenceTransferred(
  licence: { id: string; licenceNumber: string },
  fromCompanyId: string,
  toCompanyId: string,
  version: number,
): AnyEnvelope {
  return newEvent(
    'LicenceTransferred',
    {
      licenceId: licence.id,
      licenceNumber: licence.licenceNumber,
      version,
      claimId: randomUUID(),
      fromCompanyId,
      toCompanyId,
      transferredAt: '2026-03-22T10:00:00.000Z',
    },
    meta('2026-03-22T10:00:00.000Z'),
  );
}
