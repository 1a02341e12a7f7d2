import type { Role } from '@lmp/auth';

export const SERVICES = ['licences', 'reporting', 'transmissions', 'messaging'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What a route accepts as a request body: JSON, an uploaded file (CSV/XLSX), or either. */
export type BodyKind = 'json' | 'upload' | 'json-or-upload' | 'json-or-multipart' | 'form';

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const BODY_TYPES: Record<BodyKind, string[]> = {
  json: JSON_TYPES,
  upload: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  'json-or-upload': [
    ...JSON_TYPES,
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
  // A message with its evidence files (messaging parses the parts and checks each file's content).
  'json-or-multipart': [...JSON_TYPES, 'multipart/form-data'],
  // RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form,
  // multipart/form-data as §3.2 recommends, or urlencoded, which it allows.
  form: ['multipart/form-data', 'application/x-www-form-urlencoded', ...JSON_TYPES],
};

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRule {
  /** Path under /api/v1: `:name` is one segment, `*name` one or more. */
  path: string;
  service: ServiceName;
  /** Only this role may call it (the gateway answers 403 to others). */
  role?: Role;
  body: BodyKind;
  /** The methods API.md documents on the path (HEAD goes with GET); others are 405. */
  methods: readonly Method[];
  /**
   * No sign-in: the request is forwarded without an identity token (the one-click unsubscribe
   * link in an e-mail carries its own signed token). Rate limits per address still apply.
   */
  public?: true;
}

/**
 * Which service owns which public path (API.md). Order matters where paths overlap: the fixed
 * `/licences/import` before `/licences/:id`, and a licence's messages belong to messaging.
 * Tenant rules (a licence of another company is a 404) live in the services; roles are checked
 * here as well so that a Commission-only service never sees an operator's request.
 */
export const ROUTES: readonly RouteRule[] = [
  { path: '/me', service: 'licences', body: 'json', methods: ['GET'] },
  { path: '/me/company', service: 'licences', body: 'json', methods: ['PUT'] },
  // Colleagues: the company's members and invitations (company admins change them).
  { path: '/me/company/members', service: 'licences', body: 'json', methods: ['GET'] },
  { path: '/me/company/members/:userId', service: 'licences', body: 'json', methods: ['PATCH', 'DELETE'] },
  { path: '/me/company/invitations', service: 'licences', body: 'json', methods: ['GET', 'POST'] },
  { path: '/me/company/invitations/:id', service: 'licences', body: 'json', methods: ['DELETE'] },
  { path: '/me/company/messages', service: 'messaging', body: 'json-or-multipart', methods: ['GET', 'POST'] },
  { path: '/me/notifications', service: 'messaging', body: 'json', methods: ['GET', 'PUT'] },
  { path: '/licences', service: 'licences', body: 'json', methods: ['GET', 'POST'] },
  { path: '/licences/import', service: 'licences', body: 'upload', methods: ['POST'] },
  // Claims on a number registered by someone else: before /licences/:id, which would match them.
  { path: '/licences/claims', service: 'licences', body: 'json', methods: ['GET', 'POST'] },
  {
    path: '/licences/claims/:id/decision',
    service: 'licences',
    role: 'commission',
    body: 'json',
    methods: ['POST'],
  },
  { path: '/licences/claims/:id', service: 'licences', body: 'json', methods: ['GET'] },
  {
    path: '/licences/:id/messages',
    service: 'messaging',
    body: 'json-or-multipart',
    methods: ['GET', 'POST'],
  },
  { path: '/licences/:id/history', service: 'licences', body: 'json', methods: ['GET'] },
  { path: '/licences/:id/review', service: 'licences', body: 'json', methods: ['POST'] },
  { path: '/licences/:id', service: 'licences', body: 'json', methods: ['GET', 'PATCH'] },
  { path: '/confirmations', service: 'licences', body: 'json', methods: ['GET'] },
  { path: '/confirmations/:id', service: 'licences', body: 'json', methods: ['POST'] },
  {
    path: '/migrations/*rest',
    service: 'licences',
    role: 'commission',
    body: 'json-or-upload', // the EU Survey export as CSV/XLSX (upload size limit)
    methods: ['GET', 'POST'],
  },
  { path: '/reports/*rest', service: 'reporting', role: 'commission', body: 'json', methods: ['GET'] },
  {
    path: '/transmissions/feedback',
    service: 'transmissions',
    role: 'commission',
    body: 'json-or-upload', // JSON rows, or MOFCOM's CSV/XLSX file (upload size limit)
    methods: ['GET', 'POST'],
  },
  {
    path: '/transmissions/*rest',
    service: 'transmissions',
    role: 'commission',
    body: 'json',
    methods: ['GET', 'POST'],
  },
  { path: '/messages', service: 'messaging', role: 'commission', body: 'json', methods: ['GET'] },
  {
    path: '/messages/broadcasts',
    service: 'messaging',
    role: 'commission',
    body: 'json',
    methods: ['GET', 'POST'],
  },
  { path: '/messages/threads', service: 'messaging', body: 'json', methods: ['GET'] },
  { path: '/messages/threads/:id', service: 'messaging', body: 'json', methods: ['GET'] },
  {
    path: '/messages/threads/:id/messages',
    service: 'messaging',
    body: 'json-or-multipart',
    methods: ['POST'],
  },
  { path: '/messages/threads/:id/read', service: 'messaging', body: 'json', methods: ['POST'] },
  { path: '/attachments/:id', service: 'messaging', body: 'json', methods: ['GET'] },
  {
    path: '/notifications/unsubscribe',
    service: 'messaging',
    body: 'form',
    // GET: the link in the e-mail's text opens a page asking to confirm (it changes nothing);
    // POST: that page's button, or the mail client's one-click request (RFC 8058).
    methods: ['GET', 'POST'],
    public: true,
  },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A rule's path as a pattern over the raw (still percent-encoded) path, case-insensitive like Express. */
function patternOf(path: string): RegExp {
  const segments = path
    .split('/')
    .slice(1)
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.startsWith('*') ? '.+' : escape(segment)));
  return new RegExp(`^/${segments.join('/')}/?$`, 'i');
}

const PATTERNS = ROUTES.map((rule) => [patternOf(rule.path), rule] as const);

/**
 * The rule for a path under /api/v1, matched without decoding it: which rule applies (and so
 * which role it needs) never depends on whether the path's percent-encoding is valid.
 */
export function routeFor(path: string): RouteRule | undefined {
  return PATTERNS.find(([pattern]) => pattern.test(path))?.[1];
}
