import { AppError } from '@lmp/errors';
import { isCommission, type Actor } from '../identity/actor';

/** The migration is a Commission operation on the survey's export, never an operator's upload. */
export function assertCommission(actor: Actor): void {
  if (!isCommission(actor)) {
    throw new AppError(
      'AUTH.FORBIDDEN',
      'The EU Survey migration is run by the Commission; operators check their migrated licences instead',
    );
  }
}
