import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope, type EventData } from '@lmp/contracts';
import type { TestLicence } from '@lmp/testing';

/** IndustryConfirmationRecorded as the licences service publishes it when a company answers. */
export function industryConfirmationRecorded(
  licence: TestLicence,
  answer: Partial<EventData<'IndustryConfirmationRecorded'>> = {},
): AnyEnvelope {
  return newEvent(
    'IndustryConfirmationRecorded',
    {
      confirmationId: randomUUID(),
      licenceId: licence.id,
      companyId: licence.companyId,
      licenceNumber: licence.licenceNumber,
      decision: 'correct',
      reportedStatus: 'granted',
      confirmedStatus: 'processing',
      comment: 'Still under review at MOFCOM; our contact confirmed on the phone.',
      ...answer,
    },
    {
      correlationId: `req-${randomUUID().slice(0, 8)}`,
      actor: { type: 'user', id: randomUUID(), name: 'Anna Operator' },
    },
  );
}
