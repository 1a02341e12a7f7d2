import { randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, ZCompanyInput, type Company } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, withTransaction, type Db } from '../../data-access/database';
import { COMPANY_EORI_UNIQUE, insertCompany, updateCompany } from '../../data-access/company.repository';
import { saveEvents } from '../../data-access/outbox';
import { lockUserCompany, setUserCompany } from '../../data-access/user.repository';
import { isCommission, type Actor } from './actor';
import { eventMeta } from '../event-meta';

/** PUT /me/company: the caller's company, created on first call and updated afterwards. */
export async function saveCompany({
  db,
  outbox,
  actor,
  input,
}: {
  db: Db;
  outbox: OutboxNotifier;
  actor: Actor;
  input: unknown;
}): Promise<{ company: Company; created: boolean }> {
  if (isCommission(actor))
    throw new AppError('AUTH.FORBIDDEN', 'Commission staff do not belong to a company');
  const data = parseOrThrow(ZCompanyInput, input);
  try {
    const saved = await withTransaction(db, async (tx) => {
      const companyId = await lockUserCompany(tx, actor.userId);
      const created = !companyId;
      const company = companyId
        ? await updateCompany(tx, companyId, data)
        : await insertCompany(tx, randomUUID(), data);
      if (created) await setUserCompany(tx, actor.userId, company.id);
      const { id, name, eori, country, memberState, sme, sector } = company;
      const payload = { companyId: id, name, eori, country, memberState, sme, sector };
      await saveEvents(tx, [
        newEvent(created ? 'CompanyRegistered' : 'CompanyUpdated', payload, eventMeta(actor)),
      ]);
      return { company, created };
    });
    outbox.written();
    return saved;
  } catch (error) {
    if (isUniqueViolation(error, COMPANY_EORI_UNIQUE)) {
      throw new AppError('COMPANY.EORI_TAKEN', 'This EORI number is already registered on the platform', {
        errors: [{ field: 'eori', message: 'is already registered; ask your colleagues for access' }],
      });
    }
    throw error;
  }
}
