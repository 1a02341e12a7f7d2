import type { Identity } from '@lmp/auth';
import { cachedIdentityTokens } from './identity-token-cache';

describe('cachedIdentityTokens', () => {
  const anna: Identity = { subject: 'n1', email: 'anna@a.example', name: 'Anna', role: 'operator' };
  const luca: Identity = { subject: 'n2', email: 'luca@b.example', name: 'Luca', role: 'operator' };

  it('signs once per person while the token has enough life left', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async (identity) => `${identity.subject}-${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 30,
      maxEntries: 10,
    });

    expect([await token(anna), await token(anna), await token(luca)]).toEqual(['n1-1', 'n1-1', 'n2-2']);
    expect(await token({ ...anna, role: 'commission' })).toBe('n1-3');
  });

  it('signs anew when the cached token would expire soon', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async () => `t${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 61,
      maxEntries: 10,
    });
    expect([await token(anna), await token(anna)]).toEqual(['t1', 't2']);
  });

  it('keeps at most maxEntries people', async () => {
    let signed = 0;
    const token = cachedIdentityTokens(async () => `t${++signed}`, {
      ttlSeconds: 60,
      minRemainingSeconds: 30,
      maxEntries: 1,
    });
    await token(anna);
    await token(luca);
    expect(await token(anna)).toBe('t3');
  });
});
