import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import {
  findAttachment,
  readAttachmentContent,
  type StoredAttachment,
} from '../../data-access/message.repository';
import { assertMaySee, type Caller } from '../identity/caller';

export interface AttachmentDownload extends StoredAttachment {
  /** The bytes, `size` of them, read page by page as they are sent. */
  content: AsyncIterable<Buffer>;
}

/** A file the caller may see: one of another company's threads is "not found", as a missing one. */
export async function getAttachment(db: Db, caller: Caller, id: string): Promise<AttachmentDownload> {
  const file = await findAttachment(db, id);
  if (!file) throw new AppError('RESOURCE.NOT_FOUND', 'No such attachment');
  assertMaySee(caller, file.companyId, 'attachment');
  return { ...file, content: readAttachmentContent(db, file) };
}
