import type { z } from 'zod';
import { AppError } from '@lmp/errors';

/**
 * An opaque page cursor: the keyset of the last row, base64url JSON, checked when read back.
 * null when there is no next page.
 */
export function encodeCursor(keyset: object | undefined): string | null {
  return keyset ? Buffer.from(JSON.stringify(keyset)).toString('base64url') : null;
}

/**
 * The keyset a cursor of encodeCursor holds, checked by `schema` (undefined: no cursor, the first
 * page). Anything else, forged or from another list, is VALIDATION.FAILED naming `cursor`.
 */
export function decodeCursor<T extends z.ZodType>(
  schema: T,
  cursor: string | undefined,
): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('VALIDATION.FAILED', 'The cursor is not one this list gave out', {
      errors: [{ field: 'cursor', message: 'is not a cursor of this list' }],
    });
  }
  return parsed.data;
}
