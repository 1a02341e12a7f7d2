import type { Identity } from '@lmp/auth';
import type { Queryable } from '../../data-access/database';
import { bindProvisionedUserRow, PROVISIONED_SUBJECT_PREFIX } from '../../data-access/migration.repository';

/**
 * Called by identity resolution with the user found by the signed-in address (case-insensitive),
 * when its subject is not the identity's: if the migration pre-provisioned that user, it is bound
 * to this EU Login identity now (subject replaced, provisioning marked bound), so the respondent
 * finds their company and migrated licences at first sign-in. A no-op for every other user, and
 * it costs no query unless the user still has the placeholder subject.
 */
export async function bindProvisionedUser(
  db: Queryable,
  user: { subject: string } | undefined,
  identity: Pick<Identity, 'email' | 'subject' | 'role'>,
  now = new Date(),
): Promise<void> {
  if (!user?.subject.startsWith(PROVISIONED_SUBJECT_PREFIX) || identity.role !== 'operator') return;
  await bindProvisionedUserRow(db, identity.email.toLowerCase(), identity.subject, now);
}
