import { AppError } from '@lmp/errors';

/** Says that the number exists, never who holds it (PRODUCT.md). */
export const DUPLICATE_NUMBER_MESSAGE =
  'This licence number is already registered on the platform. Please check with your suppliers or colleagues before registering it again.';

export const duplicateNumberError = () =>
  new AppError('LICENCE.DUPLICATE_NUMBER', DUPLICATE_NUMBER_MESSAGE, {
    errors: [{ field: 'licenceNumber', message: 'is already registered' }],
  });
