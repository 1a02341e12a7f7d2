import { randomUUID } from 'node:crypto';
import type { AnyEnvelope, EventData } from '@lmp/contracts';
import {
  aLicenceRef,
  batchDispatched,
  companyRegistered,
  licenceStatusChanged,
  licenceSubmitted,
  licenceTransmitted,
  type TestLicence,
} from '@lmp/testing';

type Submitted = EventData<'LicenceSubmitted'>;
type Company = EventData<'CompanyRegistered'>;

/** One licence of a scenario: what it was submitted as, what became of it, its company. */
export interface LicenceSpec {
  submitted?: Partial<Submitted>;
  /** A later status change (version 2) to this status. */
  decided?: { to: Submitted['status']; decisionDate?: string | null; at?: string };
  /** Transmitted in a batch at these instants. */
  transmittedAt?: string[];
  company?: Partial<Company>;
}

/** The events that tell the read model about these licences (each with its own company). */
export function scenario(specs: LicenceSpec[]): { events: AnyEnvelope[]; licences: TestLicence[] } {
  const events: AnyEnvelope[] = [];
  const licences: TestLicence[] = [];
  for (const spec of specs) {
    const licence = aLicenceRef();
    licences.push(licence);
    events.push(companyRegistered(licence.companyId, spec.company));
    events.push(licenceSubmitted(licence, spec.submitted));
    if (spec.decided) {
      const submittedAt = spec.submitted?.submittedAt;
      events.push(licenceStatusChanged(licence, { version: 2, submittedAt, ...spec.decided }));
    }
    for (const at of spec.transmittedAt ?? []) {
      const batchId = randomUUID();
      events.push(licenceTransmitted(licence, batchId, at), batchDispatched(batchId, at));
    }
  }
  return { events, licences };
}
