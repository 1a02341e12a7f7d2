import type { Role } from '@lmp/auth';

export const SERVICES = ['licences', 'reporting', 'transmissions', 'messaging'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What a route accepts as a request body: JSON, JSON or CSV, or an uploaded file. */
export type BodyKind = 'json' | 'json-or-csv' | 'upload';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const BODY_TYPES: Record<BodyKind, string[]> = {
  json: JSON_TYPES,
  'json-or-csv': [...JSON_TYPES, 'text/csv'],
  upload: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};

export interface RouteRule {
  /** Express path under /api/v1. */
  path: string;
  service: ServiceName;
  /** Only this role may call it (the gateway answers 403 to others). */
  role?: Role;
  body: BodyKind;
}

/**
 * Which service owns which public path (API.md). Order matters where paths overlap: the fixed
 * `/licences/import` before `/licences/:id`, and a licence's messages belong to messaging.
 * Tenant rules (a licence of another company is a 404) live in the services; roles are checked
 * here as well so that a Commission-only service never sees an operator's request.
 */
export const ROUTES: readonly RouteRule[] = [
  { path: '/me', service: 'licences', body: 'json' },
  { path: '/me/company', service: 'licences', body: 'json' },
  { path: '/licences', service: 'licences', body: 'json' },
  { path: '/licences/import', service: 'licences', body: 'upload' },
  { path: '/licences/:id/messages', service: 'messaging', body: 'json' },
  { path: '/licences/:id/history', service: 'licences', body: 'json' },
  { path: '/licences/:id', service: 'licences', body: 'json' },
  { path: '/confirmations', service: 'licences', body: 'json' },
  { path: '/confirmations/:id', service: 'licences', body: 'json' },
  { path: '/reports/*rest', service: 'reporting', role: 'commission', body: 'json' },
  { path: '/transmissions/feedback', service: 'transmissions', role: 'commission', body: 'json-or-csv' },
  { path: '/transmissions/*rest', service: 'transmissions', role: 'commission', body: 'json' },
  { path: '/messages', service: 'messaging', role: 'commission', body: 'json' },
];
