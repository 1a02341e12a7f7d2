import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import { registerPage } from '../../app/page';
import { companyPage, saveCompany } from './company.page';
import { importForm, importLicences } from './import.page';
import { answerConfirmation, postLicenceMessage, updateLicence, updateStatus } from './licence-actions.page';
import { editLicencePage } from './licence-edit.page';
import { licencePage } from './licence.page';
import { licencesListPage } from './licences-list.page';
import { notificationsPage, saveNotifications } from './notifications.page';
import { registerLicence, registerLicenceForm } from './register-licence.page';

/** Every operator page (role `operator`: a Commission session gets the 403 page). */
export function operatorPages(): Router {
  const router = Router();
  const operator = { role: 'operator' } as const;
  registerPage(router, 'get', '/licences', licencesListPage, operator);
  registerPage(router, 'get', '/licences/new', registerLicenceForm, operator);
  registerPage(router, 'post', '/licences/new', registerLicence, operator);
  registerPage(router, 'get', '/licences/import', importForm, operator);
  registerPage(router, 'post', '/licences/import', importLicences, operator);
  registerPage(router, 'get', '/licences/:id', (ctx) => licencePage(ctx), operator);
  registerPage(router, 'post', '/licences/:id/status', updateStatus, operator);
  registerPage(router, 'get', '/licences/:id/edit', (ctx) => editLicencePage(ctx), operator);
  registerPage(router, 'post', '/licences/:id/edit', updateLicence, operator);
  registerPage(router, 'post', '/licences/:id/confirmations/:confirmationId', answerConfirmation, operator);
  registerPage(router, 'post', '/licences/:id/messages', postLicenceMessage, operator);
  registerPage(router, 'get', '/company', companyPage, operator);
  registerPage(router, 'post', '/company', saveCompany, operator);
  registerPage(router, 'get', '/notifications', notificationsPage, operator);
  registerPage(router, 'post', '/notifications', saveNotifications, operator);
  router.use(methodNotAllowed(router));
  return router;
}
