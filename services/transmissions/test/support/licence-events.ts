import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope, type EventData } from '@lmp/contracts';

const meta = () => ({
  correlationId: `req-${randomUUID().slice(0, 8)}`,
  actor: { type: 'user' as const, id: randomUUID(), name: 'Anna Operator' },
});

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();

export interface TestLicence {
  id: string;
  companyId: string;
  licenceNumber: string;
}

/** A licence of its own company with a unique number; override any field. */
export function aLicenceRef(overrides: Partial<TestLicence> = {}): TestLicence {
  return { id: randomUUID(), companyId: randomUUID(), licenceNumber: `CN-2026-${unique()}`, ...overrides };
}

/** LicenceSubmitted as the licences service publishes it (every field it carries), pending. */
export function licenceSubmitted(
  licence: TestLicence,
  overrides: Partial<EventData<'LicenceSubmitted'>> = {},
): AnyEnvelope {
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
      submittedAt: '2026-03-10T10:00:00.000Z',
      ...overrides,
    },
    meta(),
  );
}

export function licenceStatusChanged(
  licence: TestLicence,
  change: {
    version: number;
    from: EventData<'LicenceStatusChanged'>['from'];
    to: EventData<'LicenceStatusChanged'>['to'];
  },
): AnyEnvelope {
  return newEvent(
    'LicenceStatusChanged',
    {
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      ...change,
      decisionDate: change.to === 'granted' || change.to === 'refused' ? '2026-03-20' : null,
      submittedAt: '2026-03-10T10:00:00.000Z',
    },
    meta(),
  );
}

export function licenceUpdated(
  licence: TestLicence,
  version: number,
  changes: Record<string, { from: unknown; to: unknown }>,
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
    meta(),
  );
}
