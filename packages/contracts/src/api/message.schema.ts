import { z } from 'zod';
import { text } from './fields';
import { pageOf } from './list.schema';
import { ELEMENTS, EU_MEMBER_STATES, LICENCE_STATUSES, SECTORS } from './reference-data';

/** The longest message body, in characters. */
export const MESSAGE_BODY_MAX = 10_000;
export const BROADCAST_SUBJECT_MAX = 200;
/** At most this many files per message, each at most ATTACHMENT_MAX_BYTES. */
export const ATTACHMENTS_PER_MESSAGE_MAX = 5;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** What an attachment may be, decided by its content (magic bytes), never by its name. */
export const ATTACHMENT_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const MESSAGE_SIDES = ['company', 'commission'] as const;
export type MessageSide = (typeof MESSAGE_SIDES)[number];

const boolParam = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true');

const limit = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(200, 'must be at most 200')
  .default(50);

/** POST …/messages as JSON (multipart carries the same `body` field next to its files). */
export const ZMessageInput = z.strictObject({
  body: text()
    .trim()
    .min(1, 'is required')
    .max(MESSAGE_BODY_MAX, `must be at most ${MESSAGE_BODY_MAX} characters`),
});
export type MessageInput = z.infer<typeof ZMessageInput>;

export const ZAttachmentMeta = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.enum(Object.values(ATTACHMENT_TYPES) as [string, ...string[]]),
  size: z.number().int(),
  sha256: z.string(),
  /** `/api/v1/attachments/{id}` */
  url: z.string(),
});
export type AttachmentMeta = z.infer<typeof ZAttachmentMeta>;

export const ZMessage = z.object({
  id: z.uuid(),
  threadId: z.uuid(),
  /** Commission staff answer as "the Commission": a company never sees which staff member wrote. */
  author: z.object({
    side: z.enum(MESSAGE_SIDES),
    /** The colleague who wrote it, or "the Commission". */
    name: z.string(),
    /** Only in the Commission's own view: which staff member answered (kept for the audit). */
    staffName: z.string().optional(),
  }),
  /** Set on a broadcast's message. */
  subject: z.string().nullable(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  attachments: z.array(ZAttachmentMeta),
  broadcastId: z.uuid().nullable(),
});
export type Message = z.infer<typeof ZMessage>;

export const ZThreadSummary = z.object({
  id: z.uuid(),
  /** Null for the company's general thread. */
  licenceId: z.uuid().nullable(),
  licenceNumber: z.string().nullable(),
  companyId: z.uuid(),
  companyName: z.string().nullable(),
  subject: z.string(),
  lastMessageAt: z.iso.datetime(),
  /** Messages from the other side the caller's side has not marked read. */
  unread: z.number().int(),
});
export type ThreadSummary = z.infer<typeof ZThreadSummary>;

/**
 * One thread with its messages, oldest first. A licence's thread before its first message has
 * `id: null` and no messages (posting opens it).
 */
export const ZThread = ZThreadSummary.extend({
  id: z.uuid().nullable(),
  lastMessageAt: z.iso.datetime().nullable(),
  messages: z.array(ZMessage),
});
export type Thread = z.infer<typeof ZThread>;

export const ZThreadPage = pageOf(ZThreadSummary);
export type ThreadPage = z.infer<typeof ZThreadPage>;

/** GET /messages (the Commission's inbox) and GET /messages/threads. */
export const ZThreadListQuery = z.strictObject({
  unread: boolParam.optional(),
  companyId: z.uuid({ error: 'must be a UUID' }).optional(),
  licenceId: z.uuid({ error: 'must be a UUID' }).optional(),
  limit,
  cursor: z.string().max(500).optional(),
});
export type ThreadListQuery = z.infer<typeof ZThreadListQuery>;

/** Which licences a broadcast reaches; every given criterion must hold (an empty filter: all). */
export const ZBroadcastFilter = z.strictObject({
  /** Part of the exporter's name, case-insensitive. */
  exporter: text().trim().min(2, 'must have at least 2 characters').max(200).optional(),
  element: z.enum(ELEMENTS).optional(),
  status: z.enum(LICENCE_STATUSES).optional(),
  sector: z.enum(SECTORS).optional(),
  memberState: z.enum(EU_MEMBER_STATES).optional(),
  urgent: z.boolean().optional(),
});
export type BroadcastFilter = z.infer<typeof ZBroadcastFilter>;

export const ZBroadcastInput = z.strictObject({
  filter: ZBroadcastFilter.default({}),
  subject: text().trim().min(1, 'is required').max(BROADCAST_SUBJECT_MAX),
  body: text().trim().min(1, 'is required').max(MESSAGE_BODY_MAX),
  dryRun: z.boolean().default(false),
});
export type BroadcastInput = z.infer<typeof ZBroadcastInput>;

/** `dryRun`: what would be reached, nothing written. */
export const ZBroadcastDryRun = z.object({
  dryRun: z.literal(true),
  companies: z.number(),
  licences: z.number(),
});

export const ZBroadcast = z.object({
  id: z.uuid(),
  filter: ZBroadcastFilter,
  subject: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  /** Companies reached (one message in each one's general thread) and their matching licences. */
  companies: z.number().int(),
  licences: z.number().int(),
  sentBy: z.object({ name: z.string() }),
});
export type Broadcast = z.infer<typeof ZBroadcast>;

export const NEW_MESSAGE_PREFERENCES = ['immediate', 'daily', 'off'] as const;
export type NewMessagePreference = (typeof NEW_MESSAGE_PREFERENCES)[number];

/** GET/PUT /me/notifications. Confirmation requests and invitations are always sent. */
export const ZNotificationPreferences = z.strictObject({
  newMessage: z.enum(NEW_MESSAGE_PREFERENCES),
  transmissionDigest: z.boolean(),
  staleReminder: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof ZNotificationPreferences>;

/** The e-mails a user can turn off (each one-click unsubscribe link names one). */
export const UNSUBSCRIBABLE_MAIL_KINDS = ['newMessage', 'transmissionDigest', 'staleReminder'] as const;
export type UnsubscribableMailKind = (typeof UNSUBSCRIBABLE_MAIL_KINDS)[number];
