import type { Request } from 'express';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX, MESSAGE_BODY_MAX } from '@lmp/contracts';
import { acceptFiles } from '../../domain/attachments/accept-files';
import type { AcceptedFile } from '../../domain/threads/thread.types';
import { readMultipart } from '../../infrastructure/multipart/read-multipart';
import { AppError } from '@lmp/errors';

export const isMultipart = (req: Request) => req.is('multipart/form-data') === 'multipart/form-data';

/**
 * A message as JSON `{ body }` (parsed by jsonBody before) or as multipart/form-data with a
 * `body` field and up to five files, streamed and typed by content.
 */
export async function messageInputOf(req: Request): Promise<{ input: unknown; files: AcceptedFile[] }> {
  if (!isMultipart(req)) return { input: req.body ?? {}, files: [] };
  const form = await readMultipart(req, {
    maxFiles: ATTACHMENTS_PER_MESSAGE_MAX,
    maxFileBytes: ATTACHMENT_MAX_BYTES,
    // A body of MESSAGE_BODY_MAX characters is at most four bytes each in UTF-8.
    maxFieldBytes: MESSAGE_BODY_MAX * 4 + 1,
    maxFields: 5,
  });
  if (form.truncatedFields.length > 0) {
    throw new AppError('VALIDATION.FAILED', 'A form field is too long', {
      errors: form.truncatedFields.map((field) => ({
        field,
        message: `must be at most ${MESSAGE_BODY_MAX} characters`,
      })),
    });
  }
  const files = acceptFiles(form.files, form.tooManyFiles);
  return { input: { body: form.fields.body ?? '' }, files };
}
