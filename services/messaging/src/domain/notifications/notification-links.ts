import type { NotificationLinks } from './notification.types';

export type { NotificationLinks };

export const threadUrl = (links: NotificationLinks, t: { licenceId: string | null; threadId: string }) =>
  t.licenceId
    ? `${links.baseUrl}/licences/${t.licenceId}#messages`
    : `${links.baseUrl}/messages/threads/${t.threadId}`;

/** The notification settings page: where mail that is always sent points for the others. */
export const settingsUrl = (links: NotificationLinks) => `${links.baseUrl}/notifications`;

export const companyNameOr = (name: string | null | undefined) => name ?? 'your company';
