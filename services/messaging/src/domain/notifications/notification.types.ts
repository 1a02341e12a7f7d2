import type { UnsubscribableMailKind } from '@lmp/contracts';

/** What e-mails link to, and where the Commission's copy goes. */
export interface NotificationLinks {
  /** The site's public address (PUBLIC_BASE_URL), no trailing slash. */
  baseUrl: string;
  commissionMailbox: string;
  /** The signed one-click unsubscribe link for this user and kind of e-mail. */
  unsubscribeUrl(emailKey: string, kind: UnsubscribableMailKind): string;
}

/** Reads a signed unsubscribe token: who, and which kind of e-mail (null: forged, altered or not ours). */
export type VerifyUnsubscribeToken = (token: string) => { userId: string; kind: string } | null;
