import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '@lmp/logger';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/**
 * Takes X-Request-Id from the request when it is sane (else makes one), echoes it on the
 * response, and runs the rest of the request inside that context so every log line and every
 * event the request causes carries it.
 */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-request-id');
    const requestId = given && SAFE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    runWithContext({ requestId, correlationId: requestId }, () => next());
  };
}
