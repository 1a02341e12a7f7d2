import { AppError } from '@lmp/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is no UUID names nothing here: 404, as an id that does not exist. */
export function uuidParam(value: string | string[] | undefined, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value))
    throw new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);
  return value.toLowerCase();
}
