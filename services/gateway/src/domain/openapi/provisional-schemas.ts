import { z } from 'zod';

// Shapes of the messaging API as API.md describes it. That service does not exist yet; its
// schemas move to packages/contracts when it lands, and this file goes away. The transmissions
// and reporting shapes are in packages/contracts (api/transmission.schema.ts, api/report.schema.ts).

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
