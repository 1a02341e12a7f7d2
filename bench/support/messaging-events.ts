// The events the messaging bench publishes, as their producers would (the licences service for
// companies, members and licences; the transmissions service for a dispatched batch), with ids
// derived from an index so the bench keeps no list of 100,000 licences.
import { newEvent, type AnyEnvelope, type EventMeta } from '@lmp/contracts';
import {
  batchDispatched,
  companyRegistered,
  licenceSubmitted,
  licenceTransmitted,
  type TestLicence,
} from '@lmp/testing';

const hex = (n: number) => n.toString(16).padStart(12, '0');
export const companyId = (c: number) => `00000000-0000-4000-9000-${hex(c)}`;
const userId = (c: number) => `00000000-0000-4000-a000-${hex(c)}`;
const licenceId = (i: number) => `00000000-0000-4000-8000-${hex(i)}`;

const MEMBER_STATES = ['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'AT', 'BE', 'CZ'] as const;
const SECTORS = ['automotive', 'automotive', 'electronics', 'energy', 'industrial_machinery'] as const;

/** Licence i belongs to company i mod companies: the same number of licences for each. */
export function licenceOf(i: number, companies: number): TestLicence {
  return {
    id: licenceId(i),
    companyId: companyId(i % companies),
    licenceNumber: `CN-2026-${String(i).padStart(8, '0')}`,
  };
}

export function companyRegisteredEvent(c: number): AnyEnvelope {
  const ms = MEMBER_STATES[c % MEMBER_STATES.length]!;
  return companyRegistered(companyId(c), {
    name: `Bench Company ${c} GmbH`,
    eori: `${ms}${String(c).padStart(12, '0')}`,
    country: ms,
    memberState: ms,
    sector: SECTORS[c % SECTORS.length]!,
  });
}

const joinedMeta: EventMeta = {
  correlationId: 'bench-messaging-members',
  actor: { type: 'system', id: 'licences', name: 'Membership backfill' },
  occurredAt: new Date('2026-01-05T09:00:00.000Z'),
};

export const userEmail = (c: number, u: number) => `operator-${u}@bench-company-${c}.example`;

/** User u of company c (the licences service's UserJoinedCompany, as its backfill sends it). */
export function userJoinedEvent(c: number, u: number): AnyEnvelope {
  return newEvent(
    'UserJoinedCompany',
    {
      userId: u === 0 ? userId(c) : `00000000-0000-4${String(u).padStart(3, '0')}-a000-${hex(c)}`,
      companyId: companyId(c),
      email: userEmail(c, u),
      name: `Operator ${u} of Bench Company ${c}`,
      role: u === 0 ? 'admin' : 'member',
      joinedAt: '2026-01-05T09:00:00.000Z',
      backfill: true,
    },
    joinedMeta,
  );
}

export function licenceSubmittedEvent(i: number, companies: number): AnyEnvelope {
  return licenceSubmitted(licenceOf(i, companies), {
    applicationDate: '2026-02-02',
    elements: i % 3 === 0 ? ['dysprosium', 'terbium'] : ['terbium'],
    status: 'pending',
  });
}

export const BATCH_DISPATCHED_AT = '2026-03-16T10:00:00.000Z';

export function licenceTransmittedEvent(i: number, companies: number, batchId: string): AnyEnvelope {
  return licenceTransmitted(licenceOf(i, companies), batchId, BATCH_DISPATCHED_AT);
}

export function batchDispatchedEvent(batchId: string, itemCount: number): AnyEnvelope {
  return batchDispatched(batchId, BATCH_DISPATCHED_AT, itemCount);
}
