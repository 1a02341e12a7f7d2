import { Router, type RequestHandler } from 'express';
import { requireIdentity, type IdentityVerifier } from '@lmp/auth';
import { jsonBody } from '@lmp/http';
import type { BroadcastDeps } from '../../domain/broadcasts/send-broadcast.use-case';
import type { VerifyUnsubscribeToken } from '../../domain/notifications/notification.types';
import { attachmentRoutes } from './attachments.routes';
import { broadcastRoutes } from './broadcasts.routes';
import { licenceMessageRoutes } from './licence-messages.routes';
import { isMultipart, type UploadSettings } from './message-input';
import { notificationRoutes } from './notifications.routes';
import { threadRoutes } from './threads.routes';
import { unsubscribeRoutes } from './unsubscribe.routes';

export interface ApiDeps extends BroadcastDeps, UploadSettings {
  verifyIdentity: IdentityVerifier;
  verifyUnsubscribeToken: VerifyUnsubscribeToken;
}

/** JSON bodies, except multipart/form-data (messages with files), which their routes stream. */
function jsonUnlessMultipart(): RequestHandler {
  const [requireJson, parse] = jsonBody();
  return (req, res, next) => {
    if (isMultipart(req)) return next();
    requireJson!(req, res, (error?: unknown) => (error ? next(error) : parse!(req, res, next)));
  };
}

/** The messaging service's HTTP API (the gateway's messaging routes, under the same /api/v1 paths). */
export function apiRoutes(deps: ApiDeps): Router {
  const api = Router();
  // Public: the signed token is the proof, and its body is form-encoded (RFC 8058), not JSON.
  api.use(unsubscribeRoutes(deps.db, deps.verifyUnsubscribeToken));
  api.use(requireIdentity(deps.verifyIdentity));
  api.use(jsonUnlessMultipart());
  api.use(
    broadcastRoutes(deps),
    threadRoutes(deps),
    licenceMessageRoutes(deps),
    attachmentRoutes(deps.db),
    notificationRoutes(deps.db),
  );
  return Router().use('/api/v1', api);
}
