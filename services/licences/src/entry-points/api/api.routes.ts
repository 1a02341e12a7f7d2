import { Router } from 'express';
import { requireIdentity, type IdentityVerifier } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import { jsonBody } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { resolveActorMiddleware } from './actor.middleware';
import { claimRoutes } from './claims.routes';
import { colleagueRoutes } from './colleagues.routes';
import { confirmationRoutes } from './confirmations.routes';
import { importRoutes } from './import.routes';
import { licenceRoutes } from './licences.routes';
import { meRoutes } from './me.routes';
import { migrationRoutes } from './migration.routes';

export interface ApiDeps {
  db: Db;
  outbox: OutboxNotifier;
  verifyIdentity: IdentityVerifier;
  exactTotalCap?: number;
}

/** The licences service's HTTP API (the gateway's /api/v1 routes for me, licences, confirmations). */
export function apiRoutes({ db, outbox, verifyIdentity, exactTotalCap }: ApiDeps): Router {
  const identify = [requireIdentity(verifyIdentity), resolveActorMiddleware(db, outbox)];
  const api = Router();
  // The import takes a raw CSV/XLSX body, so it comes before the JSON parser refuses that type.
  api.use(importRoutes(db, { identify, outbox }));
  api.use(migrationRoutes(db, { identify, outbox })); // EU Survey migration and licence review (issue 11)
  api.use(jsonBody());
  api.use(identify);
  api.use(
    meRoutes(db, { outbox }),
    colleagueRoutes(db, { outbox }),
    claimRoutes(db, { outbox }),
    licenceRoutes(db, { outbox, exactTotalCap }),
    confirmationRoutes(db, { outbox }),
  );
  return Router().use('/api/v1', api);
}
