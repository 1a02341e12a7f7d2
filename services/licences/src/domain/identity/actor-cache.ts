import type { Actor } from './actor';

/**
 * Remembers resolved actors for a short while so that a signed-in user's requests cost no user
 * lookup. Only settled actors are kept: an operator without a company is looked up every time,
 * because the company may be registered through another replica; once set, a user's company
 * never changes, and the Commission role comes from the signed identity itself.
 */
export class ActorCache {
  private readonly entries = new Map<string, { actor: Actor; expires: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get(key: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires < now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.actor;
  }

  set(key: string, actor: Actor, now = Date.now()): void {
    if (actor.role === 'operator' && !actor.companyId) return;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { actor, expires: now + this.ttlMs });
  }
}
