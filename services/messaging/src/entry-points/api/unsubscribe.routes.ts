import { Router } from 'express';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import type { VerifyUnsubscribeToken } from '../../domain/notifications/notification.types';
import { unsubscribe } from '../../domain/notifications/preferences.use-case';

const LABELS = {
  newMessage: 'new-message',
  transmissionDigest: 'transmission digest',
  staleReminder: 'stale-licence reminder',
} as const;

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>${body}</body></html>`;

/**
 * POST /notifications/unsubscribe?token=: public (the signed token is the proof; the gateway
 * forwards it without an identity). The body RFC 8058 prescribes (`List-Unsubscribe=One-Click`,
 * form-encoded) or none is accepted and not needed. GET only shows a button that POSTs, so a
 * mail scanner following links unsubscribes nobody.
 */
export function unsubscribeRoutes(db: Db, verify: VerifyUnsubscribeToken): Router {
  const router = Router();
  router.post('/notifications/unsubscribe', async (req, res) => {
    req.resume(); // the body says nothing the token does not
    const { kind } = await unsubscribe(db, verify, req.query.token);
    // A person who pressed the page's button (a browser) reads a sentence; a mail client, JSON.
    if (req.accepts(['json', 'html']) === 'html') {
      res.setHeader('Content-Security-Policy', "default-src 'none'");
      res.type('html').send(page(`<p>Done: you will no longer receive ${LABELS[kind]} e-mails.</p>`));
      return;
    }
    res.json({ unsubscribed: kind });
  });
  router.get('/notifications/unsubscribe', (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    res.setHeader('Content-Security-Policy', "default-src 'none'; form-action 'self'");
    res
      .type('html')
      .send(
        page(
          `<form method="post" action="?token=${encodeURIComponent(token)}">` +
            `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<p>Stop these e-mails from the EU licence monitoring platform?</p>` +
            `<button type="submit">Unsubscribe</button></form>`,
        ),
      );
  });
  router.use(methodNotAllowed(router));
  return router;
}
