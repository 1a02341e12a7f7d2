import type { Broadcast } from '@lmp/contracts';
import type { BroadcastRecord } from './broadcast.types';

export const toBroadcastView = (b: BroadcastRecord): Broadcast => ({
  id: b.id,
  filter: b.filter,
  subject: b.subject,
  body: b.body,
  createdAt: b.createdAt,
  companies: b.companyCount,
  licences: b.licenceCount,
  sentBy: { name: b.sentByName },
});
