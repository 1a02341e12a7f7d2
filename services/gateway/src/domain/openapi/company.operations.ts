import type { OperationSpec } from './operation-spec';

const ADMINS = 'Company admins only (403 for other colleagues); a company keeps at least one admin (409).';

// prettier-ignore
export const COMPANY_OPERATIONS: OperationSpec[] = [
  { method: 'get', path: '/me', tag: 'Me', summary: 'The signed-in user, role, company and role in it (companyRole: admin or member)', ok: [200, 'Me'] },
  { method: 'put', path: '/me/company', tag: 'Me', summary: "Create or update the caller's company", body: 'CompanyInput', ok: [200, 'Company'], alsoOk: [201, 'Company', 'Created: the caller had no company yet'], errors: [409] },
  { method: 'get', path: '/me/company/members', tag: 'Colleagues', summary: "The company's users, with their role in it", ok: [200, 'CompanyMembers'], errors: [403] },
  { method: 'patch', path: '/me/company/members/{userId}', tag: 'Colleagues', summary: 'Make a colleague admin or member', description: ADMINS, body: 'MemberRoleInput', ok: [200, 'CompanyMember'], errors: [409] },
  { method: 'delete', path: '/me/company/members/{userId}', tag: 'Colleagues', summary: 'Remove a colleague from the company (they keep their account, and no longer see its licences)', description: ADMINS, ok: [204, null], errors: [409] },
  { method: 'get', path: '/me/company/invitations', tag: 'Colleagues', summary: 'Open invitations, until the invitee signs in', ok: [200, 'CompanyInvitations'], errors: [403] },
  { method: 'post', path: '/me/company/invitations', tag: 'Colleagues', summary: 'Invite a colleague by e-mail: they join the company on their first sign-in with that address, within 14 days', description: 'Company admins only. 409 when the address already belongs to a company or has an open invitation.', body: 'InvitationInput', ok: [201, 'CompanyInvitation'], okHeaders: ['Location'], errors: [409] },
  { method: 'delete', path: '/me/company/invitations/{id}', tag: 'Colleagues', summary: 'Revoke an invitation (revoking twice is no error)', description: 'Company admins only. 409 when it was accepted: remove the colleague instead.', ok: [204, null], errors: [409] },
];
