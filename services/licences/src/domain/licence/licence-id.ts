import { AppError } from '@lmp/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is simply a licence that does not exist. */
export function assertLicenceId(id: string, what = 'licence'): void {
  if (!UUID.test(id)) throw new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);
}
