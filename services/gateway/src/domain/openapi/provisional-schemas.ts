import { z } from 'zod';
import { LICENCE_STATUSES } from '@lmp/contracts';

// Shapes of the reporting and messaging APIs as API.md describes them. Those services do not
// exist yet; their schemas move to packages/contracts when they land, and this file goes away.
// The transmissions shapes (schedule, batches, feedback, discrepancies) are in packages/contracts
// (api/transmission.schema.ts).

const byStatus = z.object(
  Object.fromEntries(LICENCE_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof LICENCE_STATUSES)[number],
    z.ZodNumber
  >,
);

export const ZReportSummary = z.object({
  total: z.number().int(),
  byStatus,
  approvalRate: z.number().nullable().describe('granted / (granted + refused)'),
  urgentPending: z.number().int(),
  stalePending: z.number().int(),
  medianDaysToDecision: z.number().nullable(),
  p90DaysToDecision: z.number().nullable(),
  transmittedAtLeastOnce: z.number().int(),
  lastBatchAt: z.iso.datetime().nullable(),
});

export const ZBreakdownRow = z.object({
  key: z.string(),
  total: z.number().int(),
  byStatus,
  approvalRate: z.number().nullable(),
});

export const ZTimelineRow = z.object({
  period: z.string(),
  submitted: z.number().int(),
  decided: z.number().int(),
});

export const ZMessageInput = z.strictObject({ body: z.string().trim().min(1).max(10_000) });

export const ZMessage = z.object({
  id: z.uuid(),
  licenceId: z.uuid(),
  author: z.object({ id: z.string(), name: z.string(), role: z.enum(['operator', 'commission']) }),
  body: z.string(),
  createdAt: z.iso.datetime(),
});

export const ZThread = z.object({
  licenceId: z.uuid(),
  licenceNumber: z.string(),
  companyName: z.string(),
  lastMessageAt: z.iso.datetime(),
  unread: z.number().int(),
});
