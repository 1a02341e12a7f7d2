import type { MessageSide } from '@lmp/contracts';

export interface ThreadRecord {
  id: string;
  companyId: string;
  licenceId: string | null;
  licenceNumber: string | null;
  companyName: string | null;
  subject: string;
  lastMessageAt: string;
  unreadByCompany: number;
  unreadByCommission: number;
}

export interface ThreadListFilter {
  /** Whose unread count orders and filters the list. */
  side: MessageSide;
  companyId?: string;
  licenceId?: string;
  unread?: boolean;
}

export interface ThreadKeyset {
  unread: boolean;
  lastMessageAt: string;
  id: string;
}

export interface MessageRecord {
  id: string;
  threadId: string;
  authorSide: MessageSide;
  authorName: string;
  subject: string | null;
  body: string;
  createdAt: string;
  broadcastId: string | null;
  /** Written by the staff of a company that held the licence before its (latest) transfer. */
  previousHolder: boolean;
  attachments: AttachmentRecord[];
}

export interface AttachmentRecord {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A file as received, its type already decided from its content. */
export interface AcceptedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface NewMessage {
  id: string;
  threadId: string;
  authorSide: MessageSide;
  authorKey: string;
  authorName: string;
  subject: string | null;
  body: string;
  createdAt: Date;
  broadcastId: string | null;
  idempotencyKey: string | null;
}
