/** The main navigation of each role: `key` is what a page passes as `active`. */
export interface NavItem {
  key: string;
  label: string;
  href: string;
}

export const OPERATOR_NAV: readonly NavItem[] = [
  { key: 'licences', label: 'Licences', href: '/licences' },
  { key: 'register', label: 'Register', href: '/licences/new' },
  { key: 'import', label: 'Import', href: '/licences/import' },
  { key: 'messages', label: 'Messages', href: '/messages' },
  { key: 'company', label: 'Company', href: '/company' },
  { key: 'notifications', label: 'Notifications', href: '/notifications' },
];

export const COMMISSION_NAV: readonly NavItem[] = [
  { key: 'dashboard', label: 'Dashboard', href: '/commission' },
  { key: 'licences', label: 'All licences', href: '/commission/licences' },
  { key: 'batches', label: 'Batches', href: '/commission/batches' },
  { key: 'feedback', label: 'Feedback', href: '/commission/feedback' },
  { key: 'inbox', label: 'Inbox', href: '/commission/inbox' },
  { key: 'broadcasts', label: 'Broadcasts', href: '/commission/broadcasts' },
  { key: 'claims', label: 'Claims', href: '/commission/claims' },
  { key: 'migration', label: 'Migration', href: '/commission/migration' },
  { key: 'exports', label: 'Exports', href: '/commission/exports' },
];

export const navigationFor = (role: 'operator' | 'commission'): readonly NavItem[] =>
  role === 'commission' ? COMMISSION_NAV : OPERATOR_NAV;
