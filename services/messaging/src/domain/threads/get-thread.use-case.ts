import type { Thread } from '@lmp/contracts';
import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import { companyNameOf } from '../../data-access/company.repository';
import { findLicence } from '../../data-access/licence.repository';
import { listMessages } from '../../data-access/message.repository';
import { findGeneralThread, findLicenceThread, findThread } from '../../data-access/thread.repository';
import { assertCompanyOf, assertMaySee, type Caller } from '../identity/caller';
import type { ThreadRecord } from './thread.types';
import { GENERAL_SUBJECT, licenceSubject, toMessageView, toThreadSummary } from './views';

async function withMessages(db: Db, thread: ThreadRecord, caller: Caller): Promise<Thread> {
  const messages = await listMessages(db, thread.id);
  return {
    ...toThreadSummary(thread, caller.side),
    messages: messages.map((m) => toMessageView(m, caller.side)),
  };
}

/** One thread with its messages; another company's thread is "not found". */
export async function getThread(db: Db, caller: Caller, threadId: string): Promise<Thread> {
  const thread = await findThread(db, threadId);
  if (!thread) throw new AppError('RESOURCE.NOT_FOUND', 'No such thread');
  assertMaySee(caller, thread.companyId);
  return withMessages(db, thread, caller);
}

/** The licence's thread (empty, `id: null`, until its first message); another company's licence is "not found". */
export async function getLicenceThread(db: Db, caller: Caller, licenceId: string): Promise<Thread> {
  const licence = await findLicence(db, licenceId);
  if (!licence) throw new AppError('RESOURCE.NOT_FOUND', 'No such licence');
  assertMaySee(caller, licence.companyId, 'licence');
  const thread = await findLicenceThread(db, licenceId);
  if (thread) return withMessages(db, thread, caller);
  return {
    id: null,
    licenceId,
    licenceNumber: licence.licenceNumber,
    companyId: licence.companyId,
    companyName: await companyNameOf(db, licence.companyId),
    subject: licenceSubject(licence.licenceNumber),
    lastMessageAt: null,
    unread: 0,
    messages: [],
  };
}

/** The caller's company's general thread with the Commission (empty until its first message). */
export async function getGeneralThread(db: Db, caller: Caller): Promise<Thread> {
  const companyId = assertCompanyOf(caller);
  const thread = await findGeneralThread(db, companyId);
  if (thread) return withMessages(db, thread, caller);
  return {
    id: null,
    licenceId: null,
    licenceNumber: null,
    companyId,
    companyName: await companyNameOf(db, companyId),
    subject: GENERAL_SUBJECT,
    lastMessageAt: null,
    unread: 0,
    messages: [],
  };
}
