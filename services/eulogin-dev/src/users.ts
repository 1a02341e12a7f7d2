import { createHash } from 'node:crypto';

/** A person who can sign in. Any e-mail address may sign in; demo users are only listed. */
export interface DemoUser {
  email: string;
  name: string;
  /** Shown next to the name on the login page, e.g. "Commission". */
  label?: string;
}

export interface Account {
  sub: string;
  email: string;
  name: string;
  givenName: string;
  familyName: string;
}

export const defaultDemoUsers: readonly DemoUser[] = [
  { email: 'anna.schmidt@autoparts.example', name: 'Anna Schmidt' },
  { email: 'luca.rossi@magneti.example', name: 'Luca Rossi' },
  { email: 'claire.dubois@ec.europa.eu', name: 'Claire Dubois', label: 'Commission' },
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

/**
 * The subject for an e-mail address: stable across restarts and machines, so that the same
 * person keeps the same platform user. EU Login uids look like "n00abcde"; ours are longer so
 * that collisions between e-mail addresses cannot happen in practice.
 */
export function subjectFor(email: string): string {
  const digest = createHash('sha256').update(normalizeEmail(email)).digest('hex');
  return `n${digest.slice(0, 24)}`;
}

/** "jean-luc.picard@x" → "Jean-Luc Picard", for e-mail addresses typed in without a name. */
export function nameFromEmail(email: string): string {
  const local = normalizeEmail(email).split('@')[0] ?? '';
  const words = local.split(/[._+]+/).filter(Boolean);
  const capitalise = (word: string) =>
    word
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('-');
  return words.map(capitalise).join(' ') || local;
}

export function toAccount(email: string, name?: string): Account {
  const normalized = normalizeEmail(email);
  const fullName = name?.trim() || nameFromEmail(normalized);
  const [givenName = fullName, ...rest] = fullName.split(/\s+/);
  return {
    sub: subjectFor(normalized),
    email: normalized,
    name: fullName,
    givenName,
    familyName: rest.join(' ') || givenName,
  };
}

/** Accounts by subject: oidc-provider only keeps the subject, the claims live here. */
export class AccountRegistry {
  private readonly bySub = new Map<string, Account>();

  constructor(users: readonly DemoUser[] = []) {
    for (const user of users) this.signIn(user.email, user.name);
  }

  signIn(email: string, name?: string): Account {
    const known = this.bySub.get(subjectFor(email));
    const account = toAccount(email, name?.trim() ? name : known?.name);
    this.bySub.set(account.sub, account);
    return account;
  }

  find(sub: string): Account | undefined {
    return this.bySub.get(sub);
  }
}
