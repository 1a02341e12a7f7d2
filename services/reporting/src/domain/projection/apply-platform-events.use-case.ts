import { z } from 'zod';
import {
  normaliseLicenceNumber,
  ZAnyEnvelope,
  ZCompanyRegistered,
  ZCompanyUpdated,
  ZIndustryConfirmationRecorded,
  ZLicenceTransmitted,
  ZMofcomFeedbackReceived,
  ZTransmissionBatchDispatched,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import { saveCompany } from '../../data-access/company.repository';
import { withTransaction, type Db, type Tx } from '../../data-access/database';
import { saveConfirmation, saveMofcomReport } from '../../data-access/feedback.repository';
import {
  createLicenceRows,
  lockCompanies,
  lockLicences,
  saveLicenceChanges,
} from '../../data-access/licence-facts.repository';
import { claimEventsFor } from '../../data-access/processed-events.repository';
import { saveBatch, saveTransmission } from '../../data-access/transmission.repository';
import { foldLicenceFacts, licenceFactsOf } from './licence-facts';
import type { LicenceFacts, LicenceRowState } from './read-model.types';

/** A licence not seen yet: no field set by any version, no company. */
const NEW_ROW: LicenceRowState = { fieldVersions: {}, companyId: null };

export type ProjectionOutcome = 'applied' | 'already-applied';

/** How one validated event is applied: licence facts go in the batch's one write, the rest alone. */
type Plan = { id: string } & (
  | { licence: LicenceFacts }
  | { company: string; apply: (tx: Tx) => Promise<void> }
  | { apply: (tx: Tx) => Promise<void> }
);

/** Validates the event (an invalid one throws VALIDATION.FAILED) and says how it is applied. */
function planOf(event: unknown): Plan {
  const envelope = parseOrThrow(ZAnyEnvelope, event) as AnyEnvelope;
  const id = envelope.id.toLowerCase();
  switch (envelope.type) {
    case 'CompanyRegistered':
    case 'CompanyUpdated': {
      const schema = envelope.type === 'CompanyRegistered' ? ZCompanyRegistered : ZCompanyUpdated;
      const { data, occurredAt } = parseOrThrow(schema, envelope);
      const { companyId, ...company } = data;
      return {
        id,
        company: companyId,
        apply: async (tx) => {
          await saveCompany(tx, { id: companyId, ...company, eventAt: occurredAt });
        },
      };
    }
    case 'LicenceSubmitted':
    case 'LicenceUpdated':
    case 'LicenceStatusChanged':
    case 'LicenceCustomsStatusChanged':
    case 'LicenceTransferred':
      return { id, licence: licenceFactsOf(envelope) };
    case 'LicenceTransmitted': {
      const { data } = parseOrThrow(ZLicenceTransmitted, envelope);
      const numberNormalised = normaliseLicenceNumber(data.licenceNumber);
      return { id, apply: (tx) => saveTransmission(tx, { ...data, numberNormalised }) };
    }
    case 'TransmissionBatchDispatched': {
      const { data } = parseOrThrow(ZTransmissionBatchDispatched, envelope);
      return { id, apply: (tx) => saveBatch(tx, { id: data.batchId, ...data }) };
    }
    case 'MofcomFeedbackReceived': {
      const { data, occurredAt } = parseOrThrow(ZMofcomFeedbackReceived, envelope);
      return {
        id,
        apply: (tx) =>
          saveMofcomReport(tx, {
            feedbackId: data.feedbackId,
            numberNormalised: normaliseLicenceNumber(data.licenceNumber),
            status: data.status,
            date: data.date,
            receivedAt: occurredAt,
          }),
      };
    }
    case 'IndustryConfirmationRecorded': {
      const { data, occurredAt } = parseOrThrow(ZIndustryConfirmationRecorded, envelope);
      const { confirmationId, ...confirmation } = data;
      return {
        id,
        apply: (tx) => saveConfirmation(tx, { id: confirmationId, ...confirmation, recordedAt: occurredAt }),
      };
    }
    default:
      return parseOrThrow(
        z.never({ error: `${envelope.type} is not an event reporting keeps` }),
        envelope.type,
      );
  }
}

/**
 * Applies validated events in one transaction, each once (claimEvents: a redelivered event, or
 * one named twice in the batch, changes nothing). Company locks first, in one order; then the
 * other events one by one; then every licence's facts folded in delivery order (as if applied
 * one by one, see foldLicenceFacts) and written in one statement.
 */
async function applyTogether(tx: Tx, consumer: string, plans: readonly Plan[]): Promise<ProjectionOutcome[]> {
  const claimed = await claimEventsFor(
    tx,
    consumer,
    plans.map((p) => p.id),
  );
  const outcomes = plans.map((p) => {
    const fresh = claimed.delete(p.id); // the first of duplicates within the batch only
    return fresh ? ('applied' as const) : ('already-applied' as const);
  });
  const fresh = plans.filter((_p, i) => outcomes[i] === 'applied');
  const facts = fresh.flatMap((p) => ('licence' in p ? [p.licence] : []));
  await lockCompanies(tx, {
    shared: facts.map((f) => f.companyId),
    exclusive: fresh.flatMap((p) => ('company' in p ? [p.company] : [])),
  });
  for (const plan of fresh) if ('apply' in plan) await plan.apply(tx);
  if (facts.length) {
    const byLicence = new Map<string, LicenceFacts[]>();
    for (const f of facts) {
      const id = f.id.toLowerCase();
      byLicence.set(id, [...(byLicence.get(id) ?? []), f]);
    }
    const rows = await lockLicences(tx, [...byLicence.keys()]);
    const changes = [...byLicence].map(([id, list]) => ({
      known: rows.has(id),
      change: foldLicenceFacts(rows.get(id) ?? NEW_ROW, list),
    }));
    await saveLicenceChanges(
      tx,
      changes.filter((c) => c.known).map((c) => c.change),
    );
    await createLicenceRows(
      tx,
      changes.filter((c) => !c.known).map((c) => c.change),
    );
  }
  return outcomes;
}

/**
 * Applies platform events to the read model, as many as were delivered together in one
 * transaction (the commit is the cost that matters); each is validated here (an invalid one is
 * refused as such, alone, and dead-lettered at once), applied once however often it is delivered,
 * and in any order (per-field licence versions; the newest company event). When the transaction
 * fails, each event is tried again on its own, so one event that cannot apply fails alone and the
 * others still take effect. One result per event, in order.
 */
export async function applyPlatformEvents({
  db,
  consumer,
  events,
}: {
  db: Db;
  consumer: string;
  events: readonly unknown[];
}): Promise<PromiseSettledResult<ProjectionOutcome>[]> {
  const results: PromiseSettledResult<ProjectionOutcome>[] = new Array(events.length);
  const valid: { index: number; plan: Plan }[] = [];
  events.forEach((event, index) => {
    try {
      valid.push({ index, plan: planOf(event) });
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  });
  const alone = async ({ index, plan }: (typeof valid)[number]) => {
    try {
      const [outcome] = await withTransaction(db, (tx) => applyTogether(tx, consumer, [plan]));
      results[index] = { status: 'fulfilled', value: outcome! };
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  };
  if (valid.length === 1) await alone(valid[0]!);
  else if (valid.length > 1) {
    try {
      const outcomes = await withTransaction(db, (tx) =>
        applyTogether(
          tx,
          consumer,
          valid.map((v) => v.plan),
        ),
      );
      valid.forEach(({ index }, i) => (results[index] = { status: 'fulfilled', value: outcomes[i]! }));
    } catch {
      for (const one of valid) await alone(one);
    }
  }
  return results;
}
