import type { BroadcastFilter } from '@lmp/contracts';

export interface BroadcastTarget {
  companyId: string;
  licences: number;
}

export interface BroadcastRecord {
  id: string;
  idempotencyKey: string | null;
  filter: BroadcastFilter;
  subject: string;
  body: string;
  sentByKey: string;
  sentByName: string;
  createdAt: string;
  companyCount: number;
  licenceCount: number;
  companyIds: string[];
  completedAt: string | null;
}
