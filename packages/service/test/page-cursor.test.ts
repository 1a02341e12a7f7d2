import { z } from 'zod';
import { AppError } from '@lmp/errors';
import { decodeCursor, encodeCursor } from '../src';

const ZKeyset = z.strictObject({ createdAt: z.iso.datetime(), id: z.uuid() });

/** What decodeCursor threw, so a test can look at its code and the field it names. */
function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

describe('page cursors', () => {
  describe('encodeCursor', () => {
    it('gives the keyset of the last row back through decodeCursor, unchanged', () => {
      const keyset = { createdAt: '2025-03-01T10:00:00.000Z', id: '0195f1d2-7c4a-7b1e-9a3f-2d6e8c1b4a57' };

      const cursor = encodeCursor(keyset);

      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // opaque and safe in a query string
      expect(decodeCursor(ZKeyset, cursor!)).toEqual(keyset);
    });

    it('answers null when there is no next page', () => {
      expect(encodeCursor(undefined)).toBeNull();
    });
  });

  describe('decodeCursor', () => {
    it('answers undefined for no cursor: the first page', () => {
      expect(decodeCursor(ZKeyset, undefined)).toBeUndefined();
    });

    it.each([
      ['text that is not base64url JSON', '%%not-a-cursor%%'],
      ['base64url of something that is not JSON', Buffer.from('{createdAt').toString('base64url')],
      ['a cursor of another list', encodeCursor({ runNumber: 12 })!],
      [
        'a keyset whose id is not a uuid',
        encodeCursor({ createdAt: '2025-03-01T10:00:00.000Z', id: "1' OR 1=1" })!,
      ],
    ])('refuses %s as VALIDATION.FAILED naming the cursor', (_what, cursor) => {
      const error = refusal(() => decodeCursor(ZKeyset, cursor));

      expect(error.code).toBe('VALIDATION.FAILED');
      expect(error.errors).toEqual([{ field: 'cursor', message: 'is not a cursor of this list' }]);
    });
  });
});
