import type { RequestHandler } from 'express';
import { authenticateSnapshotClient, type SnapshotClient } from '../../domain/snapshot/snapshot-clients';

/**
 * Lets through only a request that presents a snapshot client's key. An identity token (a user's,
 * even the Commission's) is no key: the snapshot is every company's data, for services only.
 */
export function requireSnapshotClient(clients: readonly SnapshotClient[]): RequestHandler {
  return (req, res, next) => {
    try {
      res.locals.snapshotClient = authenticateSnapshotClient(clients, req.headers.authorization);
      next();
    } catch (error) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="lmp-licences-internal"');
      next(error);
    }
  };
}
