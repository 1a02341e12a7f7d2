import { z } from 'zod';

/** One e-mail to one recipient, as a use case hands it to enqueueMail. */
export interface MailDraft {
  /** Cause event id + recipient + kind, built by the caller: enqueued twice, sent once. */
  dedupeKey: string;
  /** 'new-message' | 'confirmation-request' | 'transmission-digest' | 'stale-reminder' | 'invitation' | … */
  kind: string;
  to: { address: string; name?: string | null };
  subject: string;
  text: string;
  html: string;
  /**
   * The signed one-click link: becomes `List-Unsubscribe: <url>` and
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). Omitted for transactional mail.
   */
  unsubscribeUrl?: string | null;
}

// Postgres text cannot hold NUL; one in a quoted message must not make the cause's transaction fail.
const text = (max?: number) => {
  const base = z.string().transform((value) => value.replaceAll('\u0000', ''));
  return max === undefined ? base : base.pipe(z.string().max(max));
};

const ZUnsubscribeUrl = z
  .string()
  .url()
  .refine((value) => /^https?:$/.test(new URL(value).protocol), 'an http(s) URL');

/**
 * The draft's shape. The address is only checked to be a string here: whether it can be a
 * recipient is the sender's one check (addressProblem), which fails the row rather than throwing
 * into the caller's transaction.
 */
export const ZMailDraftSchema = z.object({
  dedupeKey: z.string().min(1).max(500),
  kind: z.string().min(1).max(100),
  to: z.object({ address: text(320), name: text(500).nullish() }),
  subject: text(2000),
  text: text(),
  html: text(),
  unsubscribeUrl: ZUnsubscribeUrl.nullish(),
});

export type ValidMailDraft = z.output<typeof ZMailDraftSchema>;

/** The header fields a draft adds to its message, as stored in mail_outbox.headers. */
export function draftHeaders(draft: ValidMailDraft): Record<string, string> {
  if (!draft.unsubscribeUrl) return {};
  return {
    // URL.href is percent-encoded: no spaces, angle brackets or line ends can remain in it.
    'List-Unsubscribe': `<${new URL(draft.unsubscribeUrl).href}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
