import type { NotificationPreferences, UnsubscribableMailKind } from '@lmp/contracts';
import type { Queryable } from './database';

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  newMessage: 'immediate',
  transmissionDigest: true,
  staleReminder: true,
};

export async function findPreferences(db: Queryable, emailKey: string): Promise<NotificationPreferences> {
  const { rows } = await db.query<{
    new_message: NotificationPreferences['newMessage'];
    transmission_digest: boolean;
    stale_reminder: boolean;
  }>(
    'SELECT new_message, transmission_digest, stale_reminder FROM notification_preferences WHERE email_key = $1',
    [emailKey],
  );
  const r = rows[0];
  if (!r) return { ...DEFAULT_PREFERENCES };
  return {
    newMessage: r.new_message,
    transmissionDigest: r.transmission_digest,
    staleReminder: r.stale_reminder,
  };
}

export async function savePreferences(
  db: Queryable,
  emailKey: string,
  p: NotificationPreferences,
): Promise<void> {
  await db.query(
    `INSERT INTO notification_preferences (email_key, new_message, transmission_digest, stale_reminder, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (email_key) DO UPDATE SET new_message = EXCLUDED.new_message,
       transmission_digest = EXCLUDED.transmission_digest, stale_reminder = EXCLUDED.stale_reminder,
       updated_at = now()`,
    [emailKey, p.newMessage, p.transmissionDigest, p.staleReminder],
  );
}

const COLUMN: Record<UnsubscribableMailKind, { column: string; off: string }> = {
  newMessage: { column: 'new_message', off: `'off'` },
  transmissionDigest: { column: 'transmission_digest', off: 'false' },
  staleReminder: { column: 'stale_reminder', off: 'false' },
};

/** Turns one kind of e-mail off for the user, keeping the others (idempotent). */
export async function turnOff(db: Queryable, emailKey: string, kind: UnsubscribableMailKind): Promise<void> {
  const { column, off } = COLUMN[kind];
  await db.query(
    `INSERT INTO notification_preferences (email_key, ${column}, updated_at) VALUES ($1, ${off}, now())
     ON CONFLICT (email_key) DO UPDATE SET ${column} = ${off}, updated_at = now()`,
    [emailKey],
  );
}
