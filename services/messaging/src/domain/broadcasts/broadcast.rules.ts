import { AppError } from '@lmp/errors';
import type { BroadcastTarget } from './broadcast.types';

/** A broadcast reaches someone: one whose filter matches no company is refused, and nothing is recorded. */
export function assertReachesACompany(targets: BroadcastTarget[]): void {
  if (targets.length === 0) {
    throw new AppError('VALIDATION.FAILED', 'The broadcast would reach no company', {
      errors: [{ field: 'filter', message: 'matches no company holding a licence' }],
    });
  }
}
