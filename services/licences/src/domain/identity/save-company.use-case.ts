import { randomUUID } from 'node:crypto';
import type { OutboxNotifier } from '@lmp/bus';
import { newEvent, ZCompanyInput, type Company } from '@lmp/contracts';
import { AppError, parseOrThrow } from '@lmp/errors';
import { isUniqueViolation, withTransaction, type Db } from '../../data-access/database';
import { COMPANY_EORI_UNIQUE, insertCompany, updateCompany } from '../../data-access/company.repository';
import { saveEvents } from '../../data-access/outbox';
import { lockUserMembership, membershipChanged, readUserMembership } from '../../data-access/user.repository';
import { lockAsAdmin } from '../colleagues/colleague-rules';
import { assertOperator, type Actor } from './actor';
import { eventMeta } from '../event-meta';
import { joinCompany } from './join-company';

/** Says what to do without naming anyone of the company that holds the EORI. */
export const EORI_TAKEN_MESSAGE =
  "This EORI number is already registered on the platform: your company is probably registered already. Ask your company's admin to invite you (members page), then sign in with the invited address.";

/**
 * PUT /me/company: the caller's company, created on first call (the caller becomes its first
 * admin) and updated afterwards (by its admins).
 */
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
  assertOperator(actor);
  const data = parseOrThrow(ZCompanyInput, input);
  try {
    const saved = await withTransaction(db, async (tx) => {
      // Lock order (data-access/database.ts): company, then user. An update is an admin's change
      // of the company: lockAsAdmin takes the company's lock and checks, under it, that the actor
      // is still its admin. A creation locks the user, so concurrent first saves make one
      // company: the second finds the first's under the lock and runs again, as an update.
      const seen = await readUserMembership(tx, actor.userId);
      const created = !seen.companyId;
      if (created && (await lockUserMembership(tx, actor.userId)).companyId) throw membershipChanged();
      const company = created
        ? await insertCompany(tx, randomUUID(), data)
        : await updateCompany(tx, await lockAsAdmin(tx, { ...actor, ...seen }), data);
      const meta = eventMeta(actor);
      const { id, name, eori, country, memberState, sme, sector } = company;
      const payload = { companyId: id, name, eori, country, memberState, sme, sector };
      // CompanyRegistered first: a consumer learns of the company before of its first member.
      await saveEvents(tx, [newEvent(created ? 'CompanyRegistered' : 'CompanyUpdated', payload, meta)]);
      if (created)
        await joinCompany(tx, { userId: actor.userId, companyId: company.id, role: 'admin', meta });
      return { company, created };
    });
    outbox.written();
    return saved;
  } catch (error) {
    if (isUniqueViolation(error, COMPANY_EORI_UNIQUE)) {
      throw new AppError('COMPANY.EORI_TAKEN', EORI_TAKEN_MESSAGE, {
        errors: [
          { field: 'eori', message: "is already registered; ask your company's admin for an invitation" },
        ],
      });
    }
    throw error;
  }
}
