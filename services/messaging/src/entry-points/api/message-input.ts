import type { Request } from 'express';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX, MESSAGE_BODY_MAX } from '@lmp/contracts';
import { acceptFiles } from '../../domain/attachments/accept-files';
import type { AcceptedFile } from '../../domain/threads/thread.types';
import { readMultipart, type MultipartBody } from '../../infrastructure/multipart/read-multipart';
import { AppError } from '@lmp/errors';

/** Form fields read at most: `body` is the only one a message has; more are refused, never dropped. */
const MAX_FORM_FIELDS = 5;

/**
 * As the strict JSON input: a field other than `body`, or files under another name than
 * `files`, is 422 naming it; more fields (or parts) than the form may have is 422 too, rather
 * than the extra ones dropped unread.
 */
function refuseUnknownParts(form: MultipartBody): void {
  const unknown = [
    ...new Set([
      ...form.fieldNames.filter((name) => name !== 'body'),
      ...form.files.map((file) => file.field).filter((name) => name !== 'files'),
    ]),
  ];
  const errors = unknown.map((field) => ({ field, message: 'is not a known field' }));
  if (form.fieldNames.filter((name) => name === 'body').length > 1)
    errors.push({ field: 'body', message: 'must be sent once' });
  if (form.tooManyFields || form.tooManyParts)
    errors.push({
      field: '(body)',
      message: `must have at most ${MAX_FORM_FIELDS} form fields and ${ATTACHMENTS_PER_MESSAGE_MAX} files`,
    });
  if (errors.length > 0)
    throw new AppError('VALIDATION.FAILED', 'The form has fields a message does not', { errors });
}

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
    maxFields: MAX_FORM_FIELDS,
  });
  refuseUnknownParts(form);
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
