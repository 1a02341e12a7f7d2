import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { registerPage } from '../../app/page';
import { companyPage, saveCompany } from './company.page';
import { importForm, importLicences } from './import.page';
import { answerConfirmation, postLicenceMessage, reviewLicence, updateLicence, updateStatus } from './licence-actions.page';
import { editLicencePage } from './licence-edit.page';
import { commissionLicenceLink, licencePage } from './licence.page';
import { licencesListPage } from './licences-list.page';
import { claimsPage, fileClaim } from './claims.page';
import { confirmationsPage } from './confirmations.page';
import { changeMemberRole, inviteColleague, membersPage, removeMember, revokeInvitation } from './members.page';
import { companyThreadPage, messagesPage, postCompanyMessage, postThreadMessage, threadPage } from './messages.page';
import { notificationsPage, saveNotifications } from './notifications.page';
import { registerLicence, registerLicenceForm } from './register-licence.page';

/** Every operator page (role `operator`: a Commission session gets the 403 page), and /messages for both roles. */
export function operatorPages(): Router {
  const router = Router();
  const operator = { role: 'operator' } as const;
  registerPage(router, 'get', '/licences', licencesListPage, operator);
  registerPage(router, 'get', '/licences/new', registerLicenceForm, operator);
  registerPage(router, 'post', '/licences/new', registerLicence, operator);
  registerPage(router, 'get', '/licences/import', importForm, operator);
  registerPage(router, 'post', '/licences/import', importLicences, operator);
  // A licence's link in the Commission's e-mail: the Commission is sent to its inbox's thread.
  registerPage(router, 'get', '/licences/:id', (ctx) => (ctx.user.role === 'commission' ? commissionLicenceLink(ctx) : licencePage(ctx)));
  registerPage(router, 'post', '/licences/:id/review', reviewLicence, operator);
  registerPage(router, 'post', '/licences/:id/status', updateStatus, operator);
  registerPage(router, 'get', '/licences/:id/edit', (ctx) => editLicencePage(ctx), operator);
  registerPage(router, 'post', '/licences/:id/edit', updateLicence, operator);
  registerPage(router, 'post', '/licences/:id/confirmations/:confirmationId', answerConfirmation, operator);
  registerPage(router, 'post', '/licences/:id/messages', postLicenceMessage, operator);
  registerPage(router, 'get', '/company', companyPage, operator);
  registerPage(router, 'post', '/company', saveCompany, operator);
  registerPage(router, 'get', '/notifications', notificationsPage, operator);
  registerPage(router, 'post', '/notifications', saveNotifications, operator);
  registerPage(router, 'get', '/company/members', (ctx) => membersPage(ctx), operator);
  registerPage(router, 'post', '/company/invitations', inviteColleague, operator);
  registerPage(router, 'post', '/company/invitations/:id/revoke', revokeInvitation, operator);
  registerPage(router, 'post', '/company/members/:userId/role', changeMemberRole, operator);
  registerPage(router, 'post', '/company/members/:userId/remove', removeMember, operator);
  registerPage(router, 'get', '/claims', claimsPage, operator);
  registerPage(router, 'post', '/claims', fileClaim, operator);
  registerPage(router, 'get', '/confirmations', confirmationsPage, operator);
  // The links in e-mails: either role may follow them (the Commission is sent on to its inbox).
  registerPage(router, 'get', '/messages', messagesPage);
  registerPage(router, 'get', '/messages/company', companyThreadPage, operator);
  registerPage(router, 'post', '/messages/company', postCompanyMessage, operator);
  registerPage(router, 'get', '/messages/threads/:id', threadPage);
  registerPage(router, 'post', '/messages/threads/:id', postThreadMessage, operator);
  router.use(methodNotAllowed(router));
  return router;
}
