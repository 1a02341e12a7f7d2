import {
  UNSUBSCRIBABLE_MAIL_KINDS,
  ZNotificationPreferences,
  type NotificationPreferences,
  type UnsubscribableMailKind,
} from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { findPreferences, savePreferences, turnOff } from '../../data-access/preference.repository';
import type { Caller } from '../identity/caller';
import type { VerifyUnsubscribeToken } from './notification.types';

export function getPreferences(db: Db, caller: Caller): Promise<NotificationPreferences> {
  return findPreferences(db, caller.key);
}

export async function putPreferences(
  db: Db,
  caller: Caller,
  input: unknown,
): Promise<NotificationPreferences> {
  const preferences = parseOrThrow(ZNotificationPreferences, input);
  await savePreferences(db, caller.key, preferences);
  return preferences;
}

/**
 * One-click unsubscribe (RFC 8058) from the link in an e-mail, with no sign-in: the token is the
 * proof. Turns that one kind of e-mail off; a second click changes nothing.
 */
export async function unsubscribe(
  db: Db,
  verify: VerifyUnsubscribeToken,
  token: unknown,
): Promise<{ kind: UnsubscribableMailKind }> {
  const claims = typeof token === 'string' && token.length > 0 && token.length < 2000 ? verify(token) : null;
  if (!claims || !(UNSUBSCRIBABLE_MAIL_KINDS as readonly string[]).includes(claims.kind)) {
    throw new AppError('MESSAGING.UNSUBSCRIBE_TOKEN_INVALID', 'This unsubscribe link is not valid', {
      errors: [{ field: 'token', message: 'is not a valid unsubscribe token' }],
    });
  }
  const kind = claims.kind as UnsubscribableMailKind;
  await turnOff(db, claims.userId.toLowerCase(), kind);
  return { kind };
}
