import type { ComponentChildren } from 'preact';
import { Icon } from './icon';

export type NotificationVariant = 'info' | 'success' | 'warning' | 'error';

const ICON: Record<NotificationVariant, { name: string; title: string }> = {
  info: { name: 'information', title: 'Information' },
  success: { name: 'check-filled', title: 'Success' },
  warning: { name: 'warning', title: 'Warning' },
  error: { name: 'error', title: 'Error' },
};

interface NotificationProps {
  variant?: NotificationVariant;
  title: string;
  description?: ComponentChildren;
  /** Errors and warnings are announced (role alert); information and success are a status. */
  id?: string;
  children?: ComponentChildren;
}

/** ECL notification: a message about the page or what the user just did. No close button (no JS needed). */
export function Notification({ variant = 'info', title, description, id, children }: NotificationProps) {
  const icon = ICON[variant];
  return (
    <div
      id={id}
      class={`ecl-notification ecl-notification--${variant} lmp-notification`}
      role={variant === 'error' || variant === 'warning' ? 'alert' : 'status'}
    >
      <Icon name={icon.name} size="l" class="ecl-notification__icon" title={icon.title} />
      {variant === 'warning' && <div class="ecl-notification__icon-background" />}
      <div class="ecl-notification__content">
        <div class="ecl-notification__title">{title}</div>
        {(description || children) && (
          <div class="ecl-notification__description">
            {description}
            {children}
          </div>
        )}
      </div>
    </div>
  );
}

export const UNAVAILABLE_MESSAGE =
  'This part of the platform is not available at the moment. Try again later.';

interface UnavailableNoticeProps {
  /** What is missing, e.g. "The figures" (shown before the message). */
  what?: string;
  /** The gateway's Retry-After, when it gave one. */
  retryAfter?: string | null;
}

/** Shown instead of a part of a page whose service answered 503: never an error page. */
export function UnavailableNotice({ what, retryAfter }: UnavailableNoticeProps) {
  const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return (
    <div class="lmp-unavailable" data-unavailable="true">
      <Notification variant="warning" title={what ? `${what}: not available` : 'Not available'}>
        <p class="ecl-u-mv-none">{UNAVAILABLE_MESSAGE}</p>
        {seconds !== null && (
          <p class="ecl-u-mv-none">
            Expected back in about{' '}
            {seconds < 120 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`}.
          </p>
        )}
      </Notification>
    </div>
  );
}
