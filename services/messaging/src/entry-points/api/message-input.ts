import type { Request } from 'express';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX, MESSAGE_BODY_MAX } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import { MAX_CONCURRENT_UPLOADS_DEFAULT } from '../../config';
import { acceptFiles } from '../../domain/attachments/accept-files';
import type { AcceptedFile } from '../../domain/threads/thread.types';
import { readMultipart, type MultipartBody } from '../../infrastructure/multipart/read-multipart';
import { uploadGateOf } from '../../infrastructure/multipart/upload-gate';

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

export interface UploadSettings {
  /** MAX_CONCURRENT_UPLOADS: multipart messages read at once by this process. */
  maxConcurrentUploads?: number;
}

/** As for an unavailable dependency: an upload takes seconds, so a few seconds frees a slot. */
const UPLOAD_RETRY_AFTER_SECONDS = 5;

/**
 * A message as JSON `{ body }` (parsed by jsonBody before) or as multipart/form-data with a
 * `body` field and up to five files, streamed and typed by content, handed to `use`. A multipart
 * one takes one of the process's upload slots for as long as its files are held (read, checked,
 * stored by `use`); with none free it is 503 with Retry-After before a byte of its body is read,
 * and Node discards the unread body after the answer, so the connection stays usable.
 */
export async function withMessageInput<T>(
  req: Request,
  settings: UploadSettings,
  use: (input: unknown, files: AcceptedFile[]) => Promise<T>,
): Promise<T> {
  if (!isMultipart(req)) return use(req.body ?? {}, []);
  const gate = uploadGateOf(req.app, settings.maxConcurrentUploads ?? MAX_CONCURRENT_UPLOADS_DEFAULT);
  const leave = gate.tryEnter();
  if (!leave) {
    throw new AppError(
      'DEPENDENCY.UNAVAILABLE',
      `The service is receiving ${gate.max} messages with files already; send yours again in a few seconds`,
      { retryAfter: UPLOAD_RETRY_AFTER_SECONDS },
    );
  }
  try {
    const { input, files } = await readMessageForm(req);
    return await use(input, files);
  } finally {
    leave();
  }
}

async function readMessageForm(req: Request): Promise<{ input: unknown; files: AcceptedFile[] }> {
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
