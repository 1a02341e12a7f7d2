import {
  ATTACHMENTS_PER_MESSAGE_MAX,
  UNSUBSCRIBABLE_MAIL_KINDS,
  ZBroadcast,
  ZClaim,
  ZCommissionClaim,
  ZConfirmationRequest,
  ZEusurveyMigrationRun,
  ZEusurveyRowReport,
  ZLicence,
  ZMessageInput,
  ZUnreviewedByCompany,
  pageOf,
} from '@lmp/contracts';
import { z } from 'zod';

// Shapes the services answer that packages/contracts does not name on its own: list wrappers and
// what a route adds around a contract shape. Each is built from the contracts' own schemas.

export const ZLicencePage = pageOf(ZLicence);
export const ZConfirmationList = z.object({ items: z.array(ZConfirmationRequest) });

/** GET /licences/claims/{id}: the Commission's view, or the claimant's (which never names the holder). */
export const ZClaimView = z.union([ZCommissionClaim, ZClaim]);

/** POST /licences/{id}/review takes no fields: no body, or `{}`. */
export const ZReviewInput = z.strictObject({});

/** GET /migrations/eusurvey/runs/{id}: one run with its per-row report. */
export const ZEusurveyMigrationRunDetail = ZEusurveyMigrationRun.extend({
  rows: z.array(ZEusurveyRowReport),
});

/** GET /migrations/eusurvey/unreviewed */
export const ZUnreviewedByCompanyList = z.object({
  items: z.array(ZUnreviewedByCompany),
  /** Migrated licences still flagged, all companies. */
  unreviewed: z.number().int(),
  /** Companies with at least one flagged licence. */
  companies: z.number().int(),
});

/** POST …/messages as multipart/form-data: the JSON body's `body` field, and the files. */
export const ZMessageForm = z.object({
  body: ZMessageInput.shape.body,
  files: z
    .array(z.file())
    .max(ATTACHMENTS_PER_MESSAGE_MAX)
    .optional()
    .describe('PDF, PNG, JPEG or XLSX, 10 MB each; the type is checked by content, not by name'),
});

/** GET /messages/broadcasts (newest first). */
export const ZBroadcastListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const ZBroadcastPage = pageOf(ZBroadcast);

/** POST /notifications/unsubscribe: the signed token from the e-mail's link. */
export const ZUnsubscribeQuery = z.object({
  token: z.string().min(1).max(2000).describe('the signed token of the link in the e-mail'),
});
/** RFC 8058: what a mail client posts (accepted and not needed: the token says everything). */
export const ZUnsubscribeForm = z.object({ 'List-Unsubscribe': z.literal('One-Click') });
export const ZUnsubscribed = z.object({ unsubscribed: z.enum(UNSUBSCRIBABLE_MAIL_KINDS) });
