import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE_MAX } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { AcceptedFile } from '../threads/thread.types';
import { contentTypeOf, detectKind, storedFileName } from './file-type';

export interface IncomingFile {
  fileName: string;
  content: Buffer;
  tooLarge: boolean;
}

const MB = ATTACHMENT_MAX_BYTES / (1024 * 1024);

/**
 * The files of a message, each typed by its content: more than five is 422, one over 10 MB 413,
 * one that is not a PDF, PNG, JPEG or XLSX 415; every refusal names the file (and every bad one,
 * when several are). Nothing is stored unless all of them pass.
 */
export function acceptFiles(files: IncomingFile[], tooMany: boolean): AcceptedFile[] {
  if (tooMany || files.length > ATTACHMENTS_PER_MESSAGE_MAX) {
    throw new AppError('VALIDATION.FAILED', `At most ${ATTACHMENTS_PER_MESSAGE_MAX} files per message`, {
      errors: [{ field: 'files', message: `must be at most ${ATTACHMENTS_PER_MESSAGE_MAX} files` }],
    });
  }
  const tooLarge = files
    .map((file, i) => ({ file, i }))
    .filter(({ file }) => file.tooLarge || file.content.length > ATTACHMENT_MAX_BYTES);
  if (tooLarge.length > 0) {
    throw new AppError(
      'MESSAGING.ATTACHMENT_TOO_LARGE',
      `${tooLarge.map(({ file }) => `"${file.fileName}"`).join(', ')} is larger than ${MB} MB`,
      {
        errors: tooLarge.map(({ file, i }) => ({
          field: `files[${i}]`,
          message: `${file.fileName}: must be at most ${MB} MB`,
        })),
      },
    );
  }
  const typed = files.map((file, i) => ({ file, i, kind: detectKind(file.content) }));
  const refused = typed.filter((t) => t.kind === undefined);
  if (refused.length > 0) {
    throw new AppError(
      'MESSAGING.ATTACHMENT_TYPE_REFUSED',
      `${refused.map(({ file }) => `"${file.fileName}"`).join(', ')} is not a PDF, PNG, JPEG or XLSX file (judged by its content)`,
      {
        errors: refused.map(({ file, i }) => ({
          field: `files[${i}]`,
          message: `${file.fileName}: must be a PDF, PNG, JPEG or XLSX file`,
        })),
      },
    );
  }
  return typed.map(({ file, kind }) => ({
    fileName: storedFileName(file.fileName, kind!),
    contentType: contentTypeOf(kind!),
    content: file.content,
  }));
}
