import { Router } from 'express';
import type { OutboxNotifier } from '@lmp/bus';
import { methodNotAllowed } from '@lmp/http';
import type { Db } from '../../data-access/database';
import { changeMemberRole } from '../../domain/colleagues/change-member-role.use-case';
import { inviteColleague } from '../../domain/colleagues/invite-colleague.use-case';
import { listInvitations } from '../../domain/colleagues/list-invitations.use-case';
import { listCompanyMembers } from '../../domain/colleagues/list-members.use-case';
import { removeMember } from '../../domain/colleagues/remove-member.use-case';
import { revokeInvitation } from '../../domain/colleagues/revoke-invitation.use-case';
import { actorOf } from './actor.middleware';

/** The company's colleagues and invitations (/me/company/members, /me/company/invitations). */
export function colleagueRoutes(db: Db, { outbox }: { outbox: OutboxNotifier }): Router {
  const router = Router();
  router.get('/me/company/members', async (req, res) => {
    res.json({ items: await listCompanyMembers({ db, actor: actorOf(req) }) });
  });
  router.patch('/me/company/members/:userId', async (req, res) => {
    res.json(await changeMemberRole({ db, actor: actorOf(req), userId: req.params.userId, input: req.body }));
  });
  router.delete('/me/company/members/:userId', async (req, res) => {
    await removeMember({ db, outbox, actor: actorOf(req), userId: req.params.userId });
    res.status(204).end();
  });
  router.get('/me/company/invitations', async (req, res) => {
    res.json({ items: await listInvitations({ db, actor: actorOf(req) }) });
  });
  router.post('/me/company/invitations', async (req, res) => {
    const invitation = await inviteColleague({ db, outbox, actor: actorOf(req), input: req.body });
    res.status(201).location(`/api/v1/me/company/invitations/${invitation.id}`).json(invitation);
  });
  router.delete('/me/company/invitations/:id', async (req, res) => {
    await revokeInvitation({ db, actor: actorOf(req), invitationId: req.params.id });
    res.status(204).end();
  });
  router.use(methodNotAllowed(router));
  return router;
}
