import { randomUUID } from 'node:crypto';
import type { Identity } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, type AnyEnvelope, type FeedbackSubmission } from '@lmp/contracts';
import { getContext } from '@lmp/logger';
import { withTransaction, type Db, type Queryable } from '../../data-access/database';
import {
  findEarlierFeedback,
  findLicencesByNumbers,
  insertSubmission,
  lockFeedbackIntake,
} from '../../data-access/feedback.repository';
import { saveEvents } from '../../data-access/outbox.repository';
import type { Clock } from '../clock';
import { feedbackIdOf, feedbackKeyOf } from './feedback-key';
import type { CheckedRow } from './feedback-rows';
import type { FeedbackCounts, FeedbackLicence, FeedbackRowRecord, ValidRow } from './feedback.types';
import { readFeedback, type FeedbackUpload } from './read-feedback';

/**
 * POST /transmissions/feedback: information from Chinese authorities, row by row. A row's number
 * is matched after the platform's normalisation against this service's projection of licences.
 * Each matched row publishes MofcomFeedbackReceived (the licences service asks the company to
 * confirm); a row whose licence already has that status, or whose fact was received before, is
 * unchanged and publishes nothing, so re-sending the same file changes nothing.
 */
export async function receiveFeedback({
  db,
  outbox,
  clock,
  identity,
  upload,
}: {
  db: Db;
  outbox: OutboxNotifier;
  clock: Clock;
  identity: Identity;
  upload: FeedbackUpload;
}): Promise<FeedbackSubmission> {
  const read = await readFeedback(upload);
  const receivedAt = clock();
  const submissionId = randomUUID();
  const result = await withTransaction(db, async (tx) => {
    await lockFeedbackIntake(tx);
    const { rows, events } = await outcomesOf(tx, read.rows, { identity, receivedAt });
    const counts: FeedbackCounts = { matched: 0, unmatched: 0, invalid: 0, unchanged: 0 };
    for (const row of rows) counts[row.outcome] += 1;
    const receivedBy = { id: identity.subject, name: identity.name };
    await insertSubmission(
      tx,
      {
        id: submissionId,
        receivedAt,
        receivedBy,
        source: read.source,
        sha256: read.sha256,
        rowCount: rows.length,
        counts,
      },
      rows,
    );
    await saveEvents(tx, events);
    return {
      id: submissionId,
      receivedAt: receivedAt.toISOString(),
      receivedBy,
      source: read.source,
      sha256: read.sha256,
      rowCount: rows.length,
      counts,
      rows: rows.map((r) => ({
        row: r.row,
        licenceNumber: r.licenceNumber,
        status: r.status,
        date: r.date,
        outcome: r.outcome,
        reason: r.reason,
        licenceId: r.licenceId,
      })),
    } satisfies FeedbackSubmission;
  });
  if (result.counts.matched > 0) outbox.written();
  return result;
}

const noMatch = { licenceId: null, feedbackKey: null, eventId: null };

async function outcomesOf(
  tx: Queryable,
  checked: CheckedRow[],
  { identity, receivedAt }: { identity: Identity; receivedAt: Date },
): Promise<{ rows: FeedbackRowRecord[]; events: AnyEnvelope[] }> {
  const valid = checked.flatMap((c) => (c.ok ? [c.row] : []));
  const licences = new Map<string, FeedbackLicence[]>();
  for (const licence of await findLicencesByNumbers(tx, [...new Set(valid.map((r) => r.numberNormalised))])) {
    licences.set(licence.numberNormalised, [...(licences.get(licence.numberNormalised) ?? []), licence]);
  }
  const keyOf = (r: ValidRow) => feedbackKeyOf(r.numberNormalised, r.valid.status, r.valid.date);
  const earlier = new Map((await findEarlierFeedback(tx, valid.map(keyOf))).map((e) => [e.feedbackKey, e]));
  const inThisSubmission = new Map<string, number>();
  const events: AnyEnvelope[] = [];
  const meta = {
    correlationId: getContext()?.correlationId ?? randomUUID(),
    causationId: null,
    actor: { type: 'user' as const, id: identity.subject, name: identity.name },
    occurredAt: receivedAt,
  };

  const rows = checked.map((c): FeedbackRowRecord => {
    if (!c.ok) return { ...c.row, numberNormalised: null, outcome: 'invalid', reason: c.reason, ...noMatch };
    const row = c.row;
    const base = {
      row: row.row,
      licenceNumber: row.licenceNumber,
      status: row.status,
      date: row.date,
      numberNormalised: row.numberNormalised,
    };
    const candidates = licences.get(row.numberNormalised) ?? [];
    if (candidates.length !== 1) {
      const reason =
        candidates.length === 0 ? 'no licence has this number' : 'the number matches more than one licence';
      return { ...base, outcome: 'unmatched', reason, ...noMatch };
    }
    const licence = candidates[0]!;
    const unchanged = (reason: string): FeedbackRowRecord => ({
      ...base,
      outcome: 'unchanged',
      reason,
      ...noMatch,
      licenceId: licence.id,
    });
    if (licence.status === row.valid.status) return unchanged(`the licence is already ${licence.status}`);
    const key = keyOf(row);
    const before = earlier.get(key);
    if (before) {
      return unchanged(
        `already received on ${before.receivedAt.slice(0, 10)} (feedback ${before.submissionId}, row ${before.row})`,
      );
    }
    const sameAs = inThisSubmission.get(key);
    if (sameAs !== undefined) return unchanged(`the same as row ${sameAs}`);
    inThisSubmission.set(key, row.row);
    const event = newEvent(
      'MofcomFeedbackReceived',
      {
        feedbackId: feedbackIdOf(key),
        licenceNumber: licence.licenceNumber,
        status: row.valid.status,
        date: row.valid.date,
      },
      meta,
    );
    events.push(event);
    return {
      ...base,
      outcome: 'matched',
      reason: null,
      licenceId: licence.id,
      feedbackKey: key,
      eventId: event.id,
    };
  });
  return { rows, events };
}
