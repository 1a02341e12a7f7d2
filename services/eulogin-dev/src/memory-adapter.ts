import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * oidc-provider's storage (sessions, interactions, codes, grants) in this process's memory.
 * One store per running issuer, kept across key rotations (which rebuild the Provider), and
 * without the bundled adapter's 1,000-entry cap that long test runs could hit.
 */
export class MemoryStore {
  private readonly entries = new Map<string, Entry>();

  adapterFor = (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.set(key(id), payload, expiresIn);
        if (payload.grantId) this.addToGrant(payload.grantId, key(id), expiresIn);
        if (payload.uid) this.set(`${model}:uid:${payload.uid}`, { jti: id }, expiresIn);
        if (payload.userCode) this.set(`${model}:userCode:${payload.userCode}`, { jti: id }, expiresIn);
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => this.follow(model, this.get(`${model}:uid:${uid}`)),
      findByUserCode: async (code) => this.follow(model, this.get(`${model}:userCode:${code}`)),
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        const members = this.get(`grant:${grantId}`) as { keys?: string[] } | undefined;
        for (const member of members?.keys ?? []) this.entries.delete(member);
        this.entries.delete(`grant:${grantId}`);
      },
    };
  };

  private writes = 0;

  private set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    this.entries.set(key, { payload, expiresAt });
    if (++this.writes % 1000 === 0) this.sweep();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private follow(model: string, pointer: AdapterPayload | undefined): AdapterPayload | undefined {
    return pointer?.jti ? this.get(`${model}:${pointer.jti}`) : undefined;
  }

  private addToGrant(grantId: string, member: string, expiresIn: number | undefined): void {
    const entry = this.entries.get(`grant:${grantId}`);
    const keys = [...((entry?.payload as { keys?: string[] } | undefined)?.keys ?? []), member];
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    const later =
      entry?.expiresAt === undefined || expiresAt === undefined
        ? undefined
        : Math.max(entry.expiresAt, expiresAt);
    this.entries.set(`grant:${grantId}`, {
      payload: { keys } as AdapterPayload,
      expiresAt: entry ? later : expiresAt,
    });
  }
}
