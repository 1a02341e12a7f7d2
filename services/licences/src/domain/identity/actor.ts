import { AppError } from '@lmp/errors';
import type { Role } from '@lmp/auth';
import type { CompanyRole } from '@lmp/contracts';

/**
 * The platform user behind a request, resolved from the gateway's identity at every request
 * (resolve-actor.use-case.ts): its company and role there are never older than the request.
 */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  companyId: string | null;
  /** The actor's role in companyId; null without a company. */
  companyRole: CompanyRole | null;
}

export function isCommission(actor: Actor): boolean {
  return actor.role === 'commission';
}

/** The one Commission-only check: what only the Commission's staff do (claims' decisions, the EU Survey migration). */
export function assertCommission(actor: Actor, why = 'Only the Commission does this'): void {
  if (!isCommission(actor)) throw new AppError('AUTH.FORBIDDEN', why);
}

/** Its converse: what only operators (a company's people) do, never the Commission's staff. */
export function assertOperator(actor: Actor, why = 'Commission staff do not belong to a company'): void {
  if (isCommission(actor)) throw new AppError('AUTH.FORBIDDEN', why);
}

/** The company whose data the actor may see; null means all (Commission). */
export function companyScopeOf(actor: Actor): string | null {
  if (isCommission(actor)) return null;
  // An operator without a company sees nothing: scope to an id no row has.
  return actor.companyId ?? '00000000-0000-0000-0000-000000000000';
}

export function assertOperatorWithCompany(actor: Actor): asserts actor is Actor & { companyId: string } {
  assertOperator(actor, 'Commission staff do not register licences; operators do');
  if (!actor.companyId) {
    throw new AppError(
      'AUTH.COMPANY_REQUIRED',
      'Register your company (PUT /me/company) before registering licences',
    );
  }
}

/** A member of a company (admin or not): the members page, claims. */
export function assertCompanyMember(actor: Actor): asserts actor is Actor & { companyId: string } {
  assertOperator(actor);
  if (!actor.companyId) {
    throw new AppError(
      'AUTH.COMPANY_REQUIRED',
      "Register your company (PUT /me/company), or ask your company's admin for an invitation",
    );
  }
}

export function assertCompanyAdmin(actor: Actor): asserts actor is Actor & { companyId: string } {
  assertCompanyMember(actor);
  if (actor.companyRole !== 'admin') {
    throw new AppError('COMPANY.ADMIN_REQUIRED', "Only your company's admins can do this");
  }
}

/** Another company's licence answers exactly as a missing one: never reveal that it exists. */
export function assertCanSee(actor: Actor, record: { companyId: string } | undefined): asserts record {
  if (!record || (!isCommission(actor) && record.companyId !== actor.companyId)) {
    throw new AppError('RESOURCE.NOT_FOUND', 'No such licence');
  }
}

export function eventActor(actor: Actor) {
  return { type: 'user' as const, id: actor.userId, name: actor.name };
}
