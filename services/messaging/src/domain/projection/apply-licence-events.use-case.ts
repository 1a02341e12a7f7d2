import { z } from 'zod';
import {
  normaliseLicenceNumber,
  ZAnyEnvelope,
  ZCompanyRegistered,
  ZCompanyUpdated,
  ZIndustryConfirmationRecorded,
  ZLicenceTransferred,
  ZLicenceTransmitted,
  ZMofcomFeedbackReceived,
  ZTransmissionBatchDispatched,
  type AnyEnvelope,
} from '@lmp/contracts';
import { parseOrThrow } from '@lmp/errors';
import {
  insertTransmissions,
  saveBatchDispatched,
  type TransmissionRow,
} from '../../data-access/batch.repository';
import { saveCompany } from '../../data-access/company.repository';
import { withTransaction, type Tx } from '../../data-access/database';
import {
  lockLicence,
  recordLicenceTransmissions,
  saveLicenceChange,
} from '../../data-access/licence.repository';
import { claimEventsFor } from '../../data-access/processed-events.repository';
import { recordThreadTransfer } from '../../data-access/thread.repository';
import { confirmationRequestMails } from '../notifications/confirmation-request.notifications';
import { licenceTransferredNotices } from '../notifications/licence-transferred.notifications';
import { licenceFactsOf, newerFields } from './licence-facts';
import type { ProjectionDeps, ProjectionOutcome } from './projection.types';

/** Applies one event in the transaction; answers how many e-mails it enqueued. */
type Apply = (tx: Tx) => Promise<number>;

/**
 * How one validated event is applied: a transmission goes into the batch's one multi-row write
 * (100,000 of them follow each dispatched batch), anything else is applied on its own.
 */
type Plan = { id: string; batchId?: string } & ({ transmission: TransmissionRow } | { apply: Apply });

/** Validates the event (an invalid one throws VALIDATION.FAILED) and says how it is applied. */
function planOf(deps: ProjectionDeps, event: unknown): Plan {
  const envelope = parseOrThrow(ZAnyEnvelope, event) as AnyEnvelope;
  const id = envelope.id.toLowerCase();
  switch (envelope.type) {
    case 'CompanyRegistered':
    case 'CompanyUpdated': {
      const schema = envelope.type === 'CompanyRegistered' ? ZCompanyRegistered : ZCompanyUpdated;
      const { data, occurredAt } = parseOrThrow(schema, envelope);
      return {
        id,
        apply: async (tx) => {
          await saveCompany(tx, {
            id: data.companyId,
            name: data.name,
            memberState: data.memberState,
            sector: data.sector,
            eventAt: occurredAt,
          });
          return 0;
        },
      };
    }
    case 'LicenceSubmitted':
    case 'LicenceUpdated':
    case 'LicenceStatusChanged': {
      const facts = licenceFactsOf(envelope);
      return {
        id,
        apply: async (tx) => {
          await saveLicenceChange(tx, newerFields(await lockLicence(tx, facts.id), facts));
          return 0;
        },
      };
    }
    case 'LicenceTransferred': {
      const facts = licenceFactsOf(envelope);
      const { data } = parseOrThrow(ZLicenceTransferred, envelope);
      return {
        id,
        apply: async (tx) => {
          // The thread moves with the licence (when this is its newest company), and keeps when.
          await saveLicenceChange(tx, newerFields(await lockLicence(tx, facts.id), facts));
          await recordThreadTransfer(tx, data.licenceId, data.transferredAt);
          return licenceTransferredNotices(tx, { ...deps, now: deps.clock() }, { eventId: id, ...data });
        },
      };
    }
    case 'LicenceTransmitted': {
      const { data } = parseOrThrow(ZLicenceTransmitted, envelope);
      return { id, batchId: data.batchId, transmission: data };
    }
    case 'TransmissionBatchDispatched': {
      const { data } = parseOrThrow(ZTransmissionBatchDispatched, envelope);
      return {
        id,
        batchId: data.batchId,
        apply: async (tx) => {
          await saveBatchDispatched(tx, data);
          return 0;
        },
      };
    }
    case 'MofcomFeedbackReceived': {
      const parsed = parseOrThrow(ZMofcomFeedbackReceived, envelope);
      return {
        id,
        apply: (tx) => confirmationRequestMails(tx, deps, { eventId: parsed.id, ...parsed.data }),
      };
    }
    case 'IndustryConfirmationRecorded': {
      // Subscribed so the queue exists for it; nothing here depends on it yet.
      parseOrThrow(ZIndustryConfirmationRecorded, envelope);
      return { id, apply: async () => 0 };
    }
    default:
      return parseOrThrow(
        z.never({ error: `${envelope.type} is not an event messaging keeps` }),
        envelope.type,
      );
  }
}

/**
 * Applies the plans in one transaction, each event once (claimEvents: a redelivered event, or
 * one named twice here, changes nothing): the others one by one in delivery order, then every
 * new transmission in two statements (the batch's rows; the licences' counts, in id order).
 * No batch lock: a batch's transmissions commit in parallel; whether the batch is complete is
 * checked after the commit (deps.digestChecks).
 */
async function applyTogether(
  tx: Tx,
  consumer: string,
  plans: readonly Plan[],
): Promise<{ outcomes: ProjectionOutcome[]; mails: number }> {
  const claimed = await claimEventsFor(
    tx,
    consumer,
    plans.map((p) => p.id),
  );
  // The first of duplicates within the batch only.
  const outcomes = plans.map((p) =>
    claimed.delete(p.id) ? ('applied' as const) : ('already-applied' as const),
  );
  const fresh = plans.filter((_p, i) => outcomes[i] === 'applied');
  let mails = 0;
  for (const plan of fresh) if ('apply' in plan) mails += await plan.apply(tx);
  const transmitted = await insertTransmissions(
    tx,
    fresh.flatMap((p) => ('transmission' in p ? [p.transmission] : [])),
  );
  await recordLicenceTransmissions(
    tx,
    transmitted.map((t) => ({ ...t, numberNormalised: normaliseLicenceNumber(t.licenceNumber) })),
  );
  return { outcomes, mails };
}

/**
 * Applies events of messaging.licence-events, as many as were delivered together in one
 * transaction (the commit is the cost that matters): each validated here (an invalid one is
 * refused as such, alone, and dead-lettered at once), applied once however often it is delivered
 * (claimEvents in the same transaction as the projection and any e-mail it causes), and in any
 * order (per-field licence versions; the newest company event; batches complete whatever their
 * events' order). When the transaction fails, each event is tried again in a transaction of its
 * own, so one event that cannot apply fails alone and the others take effect. One result per
 * event, in order.
 */
export async function applyLicenceEvents(
  deps: ProjectionDeps,
  consumer: string,
  events: readonly unknown[],
): Promise<PromiseSettledResult<ProjectionOutcome>[]> {
  const results: PromiseSettledResult<ProjectionOutcome>[] = new Array(events.length);
  const valid: { index: number; plan: Plan }[] = [];
  events.forEach((event, index) => {
    try {
      valid.push({ index, plan: planOf(deps, event) });
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
  });
  let mails = 0;
  const run = async (group: typeof valid) => {
    const done = await withTransaction(deps.db, (tx) =>
      applyTogether(
        tx,
        consumer,
        group.map((v) => v.plan),
      ),
    );
    mails += done.mails;
    group.forEach(({ index }, i) => (results[index] = { status: 'fulfilled', value: done.outcomes[i]! }));
  };
  const alone = async (one: (typeof valid)[number]) => {
    try {
      await run([one]);
    } catch (reason) {
      results[one.index] = { status: 'rejected', reason };
    }
  };
  if (valid.length === 1) await alone(valid[0]!);
  else if (valid.length > 1) {
    try {
      await run(valid);
    } catch {
      for (const one of valid) await alone(one);
    }
  }
  if (mails > 0) deps.mail.wake();
  // After the commit, so the check sees these transmissions (a redelivery asks again: a crash may
  // have come between the commit and the check).
  const batches = new Set(
    valid.flatMap(({ index, plan }) =>
      results[index]?.status === 'fulfilled' && plan.batchId ? [plan.batchId] : [],
    ),
  );
  for (const batchId of batches) deps.digestChecks.request(batchId);
  return results;
}
