import type { Request, RequestHandler } from 'express';
import { identityOf } from '@lmp/auth';
import type { OutboxNotifier } from '@lmp/bus';
import { AppError } from '@lmp/errors';
import type { Db } from '../../data-access/database';
import type { Actor } from '../../domain/identity/actor';
import { resolveActor } from '../../domain/identity/resolve-actor.use-case';

const actors = new WeakMap<Request, Actor>();

/**
 * After the identity check: the platform user behind the request (created on first sign-in,
 * joined to the company that invited them), resolved afresh for every request.
 */
export function resolveActorMiddleware(db: Db, outbox?: OutboxNotifier): RequestHandler {
  return (req, _res, next) => {
    resolveActor({ db, identity: identityOf(req), outbox }).then((actor) => {
      actors.set(req, actor);
      next();
    }, next);
  };
}

export function actorOf(req: Request): Actor {
  const actor = actors.get(req);
  if (!actor) throw new AppError('AUTH.UNAUTHENTICATED', 'No signed-in user on this request');
  return actor;
}
