import { randomUUID } from 'node:crypto';
import { newEvent, type AnyEnvelope, type Company, type Licence } from '@lmp/contracts';
import { batchDispatched } from '@lmp/testing';
import type { GroundTruthPlan, LicencePlan } from './ground-truth-data';
import { brusselsDate, type KnownLicence } from './ground-truth-figures';
import { inParallel, type GroundTruthPlatform } from './ground-truth-platform';

/** Requests in flight against the licences service while loading. */
const IN_FLIGHT = 16;

export interface LoadedGroundTruth {
  licences: KnownLicence[];
  /** Every event reporting must apply: the ones licences published and the batch events. */
  eventIds: string[];
  lastBatchAt: string | null;
}

function fail(what: string, response: { status: number; text: string }): never {
  throw new Error(`${what}: ${response.status} ${response.text.slice(0, 500)}`);
}

/** What the licences API answered differs from the plan's final state: the plan's model is wrong. */
function assertReached(plan: LicencePlan, licence: Licence): void {
  const got = {
    licenceType: licence.licenceType,
    applicationDate: licence.applicationDate,
    exporter: licence.exporter.name,
    sector: licence.sector,
    elements: licence.elements,
    productType: licence.productType,
    urgent: licence.urgent,
    status: licence.status,
    decisionDate: licence.decisionDate,
    customsStatus: licence.customsStatus,
  };
  if (JSON.stringify(got) !== JSON.stringify(plan.final)) {
    throw new Error(
      `licence ${plan.key} ended as ${JSON.stringify(got)}, planned ${JSON.stringify(plan.final)}`,
    );
  }
}

/**
 * Registers the plan's companies and licences through the licences API, makes every edit (PATCH
 * with If-Match), updates some companies, then publishes the MOFCOM batches as the transmissions
 * service would. Answers the licences as the test knows them and the events to wait for.
 */
export async function loadGroundTruth(
  platform: GroundTruthPlatform,
  plan: GroundTruthPlan,
): Promise<LoadedGroundTruth> {
  const operators = plan.companies.map((c) => platform.operator(c.identity));
  await inParallel(plan.companies, IN_FLIGHT, async (c) => {
    const saved = await operators[c.key]!.put<Company>('/me/company', c.input);
    if (saved.status !== 201) fail(`company ${c.key}`, saved);
  });

  const registered: { id: string; number: string; submittedAt: string; statusChangedAt: string }[] = [];
  let expectedEvents = plan.companies.length;
  await inParallel(plan.licences, IN_FLIGHT, async (l) => {
    const operator = operators[l.company]!;
    const created = await operator.post<Licence>('/licences', l.input);
    if (created.status !== 201) fail(`licence ${l.key}`, created);
    let licence = created.body;
    let etag = created.headers.get('etag')!;
    let statusChangedAt = licence.submittedAt;
    for (const patch of l.patches) {
      const patched = await operator.patch<Licence>(`/licences/${licence.id}`, patch.body, {
        'if-match': etag,
      });
      if (patched.status !== 200) fail(`licence ${l.key} edit ${JSON.stringify(patch.body)}`, patched);
      if (patched.body.status !== licence.status) statusChangedAt = patched.body.updatedAt;
      licence = patched.body;
      etag = patched.headers.get('etag')!;
    }
    assertReached(l, licence);
    registered[l.key] = {
      id: licence.id,
      number: licence.licenceNumber,
      submittedAt: licence.submittedAt,
      statusChangedAt,
    };
    expectedEvents += 1 + l.patches.reduce((n, p) => n + p.events, 0);
  });

  const updated = plan.companies.filter((c) => c.update);
  await inParallel(updated, IN_FLIGHT, async (c) => {
    const saved = await operators[c.key]!.put<Company>('/me/company', c.update);
    if (saved.status !== 200) fail(`company ${c.key} update`, saved);
  });
  expectedEvents += updated.length;

  // The MOFCOM batches, as the transmissions service publishes them on dispatch; some
  // LicenceTransmitted delivered twice (a new event id, the same batch), which counts once.
  const transmissions = new Map<number, number>();
  const batchEvents: AnyEnvelope[] = [];
  for (const batch of plan.batches) {
    const batchId = randomUUID();
    const transmitted = (key: number) =>
      newEvent(
        'LicenceTransmitted',
        {
          licenceId: registered[key]!.id,
          licenceNumber: registered[key]!.number,
          batchId,
          transmittedAt: batch.dispatchedAt,
        },
        { correlationId: batchId, actor: { type: 'system', id: 'transmissions' } },
      );
    for (const key of batch.licences) {
      batchEvents.push(transmitted(key));
      transmissions.set(key, (transmissions.get(key) ?? 0) + 1);
    }
    if (batch.key === 0) batchEvents.push(...plan.redelivered.map(transmitted));
    batchEvents.push(batchDispatched(batchId, batch.dispatchedAt, batch.licences.length));
  }
  await platform.publish(batchEvents);

  // Every licences event has reached the observer's queue (so reporting's too) before waiting on them.
  await waitForCount(() => platform.seenEventIds().length, expectedEvents, 'the licences events');

  const licences = plan.licences.map((l): KnownLicence => {
    const company = plan.companies[l.company]!;
    const { memberState, sme } = company.update ?? company.input;
    return {
      ...l.final,
      submittedOn: brusselsDate(registered[l.key]!.submittedAt),
      memberState,
      sme,
      transmissions: transmissions.get(l.key) ?? 0,
      statusChangedAt: new Date(registered[l.key]!.statusChangedAt),
    };
  });
  const dispatched = plan.batches.map((b) => b.dispatchedAt).sort();
  return {
    licences,
    eventIds: [...platform.seenEventIds(), ...batchEvents.map((e) => e.id)],
    lastBatchAt: dispatched[dispatched.length - 1] ?? null,
  };
}

async function waitForCount(current: () => number, expected: number, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (current() < expected) {
    if (Date.now() > deadline) throw new Error(`saw ${current()} of ${expected} ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (current() > expected) throw new Error(`saw ${current()} ${what}, expected ${expected}`);
}
