import { AppError } from '@lmp/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one UUID guard of the service's paths: a malformed id (of a licence, claim, colleague,
 * invitation, confirmation request, migration run) is simply one that does not exist.
 */
export function assertId(id: string, what: string): void {
  if (!UUID.test(id)) throw new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);
}
