// Events as the platform's services publish them, for tests of the services that consume them
// (transmissions, reporting…): every field the contract carries, fixed dates, overridable.
import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope, type EventData } from '@lmp/contracts';

const meta = (occurredAt?: string) => ({
  correlationId: `req-${randomUUID().slice(0, 8)}`,
  actor: { type: 'user' as const, id: randomUUID(), name: 'Anna Operator' },
  occurredAt: occurredAt ? new Date(occurredAt) : undefined,
});

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

export interface TestLicence {
  id: string;
  companyId: string;
  licenceNumber: string;
}

export function aLicenceRef(overrides: Partial<TestLicence> = {}): TestLicence {
  return { id: randomUUID(), companyId: randomUUID(), licenceNumber: `CN-2026-${unique()}`, ...overrides };
}

export function companyRegistered(
  companyId: string,
  overrides: Partial<EventData<'CompanyRegistered'>> = {},
  occurredAt = '2026-01-05T09:00:00.000Z',
): AnyEnvelope {
  return newEvent(
    'CompanyRegistered',
    {
      companyId,
      name: `Autoteile ${unique()} GmbH`,
      eori: `DE${unique()}`,
      country: 'DE',
      memberState: 'DE',
      sme: false,
      sector: 'automotive',
      ...overrides,
    },
    meta(occurredAt),
  );
}

export function companyUpdated(
  companyId: string,
  overrides: Partial<EventData<'CompanyUpdated'>>,
  occurredAt: string,
): AnyEnvelope {
  const { data } = companyRegistered(companyId, overrides) as { data: EventData<'CompanyUpdated'> };
  return newEvent('CompanyUpdated', { ...data, ...overrides }, meta(occurredAt));
}

/** LicenceSubmitted as the licences service publishes it, pending unless overridden. */
export function licenceSubmitted(
  licence: TestLicence,
  overrides: Partial<EventData<'LicenceSubmitted'>> = {},
): AnyEnvelope {
  const submittedAt = overrides.submittedAt ?? '2026-03-10T10:00:00.000Z';
  return newEvent(
    'LicenceSubmitted',
    {
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      licenceType: 'individual',
      validFrom: null,
      validTo: null,
      applicationDate: '2026-02-02',
      exporterName: 'Ningbo Yunsheng Co., Ltd.',
      sector: 'automotive',
      elements: ['dysprosium'],
      productType: 'magnets_ndfeb',
      quantityKg: 500,
      valueEur: 42000,
      urgent: false,
      status: 'pending',
      decisionDate: null,
      customsStatus: 'not_started',
      source: 'platform',
      submittedAt,
      ...overrides,
    },
    meta(submittedAt),
  );
}

export function licenceStatusChanged(
  licence: TestLicence,
  change: {
    version: number;
    from?: EventData<'LicenceStatusChanged'>['from'];
    to: EventData<'LicenceStatusChanged'>['to'];
    decisionDate?: string | null;
    at?: string;
    submittedAt?: string;
  },
): AnyEnvelope {
  const decided = change.to === 'granted' || change.to === 'refused';
  return newEvent(
    'LicenceStatusChanged',
    {
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      version: change.version,
      from: change.from ?? 'pending',
      to: change.to,
      decisionDate: change.decisionDate !== undefined ? change.decisionDate : decided ? '2026-03-20' : null,
      submittedAt: change.submittedAt ?? '2026-03-10T10:00:00.000Z',
    },
    meta(change.at ?? '2026-03-20T10:00:00.000Z'),
  );
}

export function licenceUpdated(
  licence: TestLicence,
  version: number,
  changes: Record<string, { from: unknown; to: unknown }>,
  at = '2026-03-21T10:00:00.000Z',
): AnyEnvelope {
  return newEvent(
    'LicenceUpdated',
    {
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      version,
      changes,
    },
    meta(at),
  );
}

export function customsStatusChanged(
  licence: TestLicence,
  version: number,
  to: EventData<'LicenceCustomsStatusChanged'>['to'],
): AnyEnvelope {
  return newEvent(
    'LicenceCustomsStatusChanged',
    {
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      version,
      from: 'not_started',
      to,
      note: to === 'blocked' ? 'Held at Hamburg' : null,
    },
    meta(),
  );
}

export function licenceTransmitted(
  licence: TestLicence,
  batchId: string,
  transmittedAt: string,
): AnyEnvelope {
  return newEvent(
    'LicenceTransmitted',
    { licenceId: licence.id, licenceNumber: licence.licenceNumber, batchId, transmittedAt },
    meta(transmittedAt),
  );
}

export function batchDispatched(batchId: string, dispatchedAt: string, itemCount = 1): AnyEnvelope {
  return newEvent(
    'TransmissionBatchDispatched',
    {
      batchId,
      runNumber: Math.floor(Math.random() * 1_000_000) + 1,
      kind: 'scheduled',
      period: '2026-03-02/2026-03-16',
      itemCount,
      dispatchedAt,
      fileSha256: 'a'.repeat(64),
      messageId: `<${randomUUID()}@licences.example>`,
    },
    meta(dispatchedAt),
  );
}

export function feedbackReceived(
  licence: TestLicence,
  status: EventData<'MofcomFeedbackReceived'>['status'],
  date: string | null,
): AnyEnvelope {
  return newEvent(
    'MofcomFeedbackReceived',
    { feedbackId: randomUUID(), licenceNumber: licence.licenceNumber, status, date },
    meta(),
  );
}

export function confirmationRecorded(
  licence: TestLicence,
  reportedStatus: EventData<'IndustryConfirmationRecorded'>['reportedStatus'],
  confirmedStatus: EventData<'IndustryConfirmationRecorded'>['confirmedStatus'],
  at = '2026-03-25T10:00:00.000Z',
): AnyEnvelope {
  return newEvent(
    'IndustryConfirmationRecorded',
    {
      confirmationId: randomUUID(),
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      decision: reportedStatus === confirmedStatus ? 'confirm' : 'correct',
      reportedStatus,
      confirmedStatus,
      comment: reportedStatus === confirmedStatus ? null : 'MOFCOM has not decided yet',
    },
    meta(at),
  );
}
