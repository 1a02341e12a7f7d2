import type { OutboxNotifier } from '@lmp/bus';
import { ZLicencePatch, type Licence } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { withTransaction, type Db } from '../../data-access/database';
import { applyLicencePatch } from '../licence/apply-licence-patch';
import { assertId } from '../resource-id';
import type { Actor } from '../identity/actor';

export interface UpdateLicenceOptions {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  licenceId: string;
  input: unknown;
  /** If-Match: the ETag the client last read; a stale one is refused with 412. */
  ifMatch?: string;
  now?: Date;
}

/** Edits a licence; every changed field lands in the history and the matching events. */
export async function updateLicence(options: UpdateLicenceOptions): Promise<Licence> {
  const { db, outbox, actor, licenceId, ifMatch, now } = options;
  assertId(licenceId, 'licence');
  const patch = parseOrThrow(ZLicencePatch, options.input);
  if (Object.keys(patch).length === 0) {
    throw new AppError('VALIDATION.FAILED', 'Name at least one field to change', {
      errors: [{ field: '(body)', message: 'must change at least one field' }],
    });
  }
  const licence = await withTransaction(db, (tx) =>
    applyLicencePatch(tx, { actor, licenceId, patch, ifMatch, now }),
  );
  outbox.written();
  return licence;
}
