import type { Identity } from '@lmp/auth';
import { AppError } from '@lmp/errors';
import type { MessageSide } from '@lmp/contracts';
import type { Queryable } from '../../data-access/database';
import { companyOfEmail } from '../../data-access/recipient.repository';

/** Who is calling, as messaging sees it: a side of the conversation, and an operator's company. */
export interface Caller {
  side: MessageSide;
  /** lower-case address: the user's key (one address = one user). */
  key: string;
  name: string;
  /** The operator's company from the recipients table; undefined for the Commission or an operator without one. */
  companyId: string | undefined;
}

export const COMMISSION_NAME = 'the Commission';

export async function callerOf(db: Queryable, identity: Identity): Promise<Caller> {
  const key = identity.email.toLowerCase();
  if (identity.role === 'commission')
    return { side: 'commission', key, name: identity.name, companyId: undefined };
  return { side: 'company', key, name: identity.name, companyId: await companyOfEmail(db, key) };
}

/** The operator's company; an operator without one may not use company routes (as in licences). */
export function assertCompanyOf(caller: Caller): string {
  if (caller.side === 'company' && caller.companyId) return caller.companyId;
  throw new AppError(
    'AUTH.COMPANY_REQUIRED',
    caller.side === 'commission'
      ? 'Commission staff have no company thread; open the company’s thread from the inbox'
      : 'Your user belongs to no company yet: register your company first',
  );
}

/** Operators see their own company's threads only; any other is "not found", never "forbidden". */
export function assertMaySee(caller: Caller, companyId: string, what = 'thread'): void {
  if (caller.side === 'commission') return;
  if (caller.companyId !== companyId) throw new AppError('RESOURCE.NOT_FOUND', `No such ${what}`);
}
